import NumSwift

/// A subject span in scalar positions: `start` inclusive, `end` exclusive.
public struct Span: Hashable, Sendable {
    /// First position.
    public var start: Int
    /// One past the last position.
    public var end: Int
    /// - Parameters: start: first position; end: one past the last.
    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }
}

/// An object of a subject: its span and predicate class.
public struct ObjectLabel: Hashable, Sendable {
    /// Object span.
    public var span: Span
    /// Predicate class id (schema order).
    public var predicate: Int
}

/// The pointer labels of one training sentence (§2.4 "Labels").
///
/// Every gold triple's subject and object are located by their first occurrence in the text
/// (Python `str.find`); a triple whose subject or object is not found is skipped, and a sentence
/// with no locatable triple yields no example. Subjects are grouped by span in order of first
/// appearance among the triples; each keeps its objects.
///
/// References: kexue.fm/archives/6671 §2.2, §2.4; bojone/kg-2019 `data_generator`.
public struct PointerLabels: Sendable {
    /// The (possibly truncated) text as scalars.
    public let text: [Unicode.Scalar]
    /// Distinct subject spans in order of first appearance.
    public let subjects: [Span]
    /// Objects per subject, parallel to `subjects`.
    public let objects: [[ObjectLabel]]

    /// Labels for `sentence`, or nil when no triple can be located.
    /// - Parameters:
    ///   - sentence: text and triples.
    ///   - schema: maps predicates to classes (triples with unknown predicates are skipped).
    ///   - maxLength: the text is cut to this many scalars first (512 in the article).
    public init?(_ sentence: Sentence, schema: Schema, maxLength: Int = 512) {
        let text = Array(sentence.scalars.prefix(maxLength))
        var subjects: [Span] = [], objects: [[ObjectLabel]] = [], where_: [Span: Int] = [:]
        for t in sentence.triples {
            guard let p = schema.index(of: t.predicate) else { continue }
            let s = Array(t.subject.unicodeScalars), o = Array(t.object.unicodeScalars)
            guard !s.isEmpty, !o.isEmpty, let si = text.firstIndex(ofScalars: s), let oi = text.firstIndex(ofScalars: o) else { continue }
            let key = Span(si, si + s.count)
            let k: Int
            if let existing = where_[key] {
                k = existing
            } else {
                k = subjects.count
                where_[key] = k
                subjects.append(key)
                objects.append([])
            }
            objects[k].append(ObjectLabel(span: Span(oi, oi + o.count), predicate: p))
        }
        guard !subjects.isEmpty else { return nil }
        self.text = text
        self.subjects = subjects
        self.objects = objects
    }

    /// Subject start pointers: 1 at every subject's first position.
    public var subjectStarts: [Float] {
        var s = [Float](repeating: 0, count: text.count)
        for k in subjects { s[k.start] = 1 }
        return s
    }

    /// Subject end pointers: 1 at every subject's last position.
    public var subjectEnds: [Float] {
        var s = [Float](repeating: 0, count: text.count)
        for k in subjects { s[k.end - 1] = 1 }
        return s
    }

    /// Draws the subject to condition the object head on (one per sentence per epoch): the
    /// start uniformly among the subjects' starts (with repeats), then the end uniformly among
    /// the subjects' ends that are not before it. The pair need not be a real subject; then it has
    /// no objects, which acts as a negative sample.
    /// - Returns: the span (end exclusive).
    public func sampleSubject(generator: inout RandomGenerator) -> Span {
        let k1 = subjects[generator.nextInt(below: subjects.count)].start
        let ends = subjects.map(\.end).filter { $0 > k1 }  // inclusive end ≥ k1 (Su: `ends[ends >= k1]`)
        return Span(k1, ends[generator.nextInt(below: ends.count)])
    }

    /// The objects of a subject span (empty when it is not a gold subject).
    public func objects(of subject: Span) -> [ObjectLabel] {
        guard let k = subjects.firstIndex(of: subject) else { return [] }
        return objects[k]
    }

    /// Object start and end pointers `[length, predicates]` (row-major) for a subject span.
    public func objectPointers(for subject: Span, predicates: Int) -> (starts: [Float], ends: [Float]) {
        var o1 = [Float](repeating: 0, count: text.count * predicates), o2 = o1
        for o in objects(of: subject) {
            o1[o.span.start * predicates + o.predicate] = 1
            o2[(o.span.end - 1) * predicates + o.predicate] = 1
        }
        return (o1, o2)
    }
}
