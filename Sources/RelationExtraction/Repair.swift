/// The article's data cleaning (`repair`), applied to training and dev sentences when enabled.
///
/// 1. The text and every subject and object are lower-cased; 《 and 》 are stripped from both
///    ends of subjects and objects, then surrounding whitespace.
/// 2. A subject that lies inside a 《…》 title of the text and occurs exactly once in the text is
///    expanded to the whole title (the last such title wins, as in Su's loop).
/// 3. 歌手 / 作词 / 作曲 (singer / lyricist / composer) triples whose subject is an album (the
///    object of a 所属专辑 triple) and not a song (the subject of one) are dropped.
///
/// Triples keep their order; after cleaning they are de-duplicated (Su turns them into tuples
/// that the evaluation compares as a set).
///
/// References: kexue.fm/archives/6671 §2.4 "Cleaning"; bojone/kg-2019 `repair`.
public enum Repair {
    /// Predicates dropped for album subjects.
    public static let songPredicates: Set<String> = ["歌手", "作词", "作曲"]
    /// The predicate whose object is an album.
    public static let albumPredicate = "所属专辑"

    /// The cleaned sentence.
    public static func apply(_ sentence: Sentence) -> Sentence {
        let text = sentence.text.lowercased()
        let textScalars = Array(text.unicodeScalars)
        let titles = bookTitles(in: text)
        var albums: Set<String> = [], songs: Set<String> = []
        var cleaned: [Triple] = []
        for t in sentence.triples {
            var s = strip(t.subject).lowercased()
            let o = strip(t.object).lowercased()
            for title in titles where title.contains(s) && occurrences(of: s, in: textScalars) == 1 {
                s = title
            }
            if t.predicate == albumPredicate {
                albums.insert(o)
                songs.insert(s)
            }
            cleaned.append(Triple(s, t.predicate, o))
        }
        var seen: Set<Triple> = []
        let kept = cleaned.filter { t in
            if songPredicates.contains(t.predicate) && albums.contains(t.subject) && !songs.contains(t.subject) { return false }
            return seen.insert(t).inserted
        }
        return Sentence(text: text, triples: kept)
    }

    /// The contents of every 《…》 without nested brackets, whitespace-trimmed, in text order.
    static func bookTitles(in text: String) -> [String] {
        var out: [String] = []
        var current: [Unicode.Scalar]? = nil
        for c in text.unicodeScalars {
            if c == "《" {
                current = []
            } else if c == "》" {
                if let cur = current { out.append(String(String.UnicodeScalarView(cur)).trimmingWhitespace()) }
                current = nil
            } else {
                current?.append(c)
            }
        }
        return out
    }

    /// Strips 《 and 》 from both ends, then whitespace.
    static func strip(_ s: String) -> String {
        var scalars = Array(s.unicodeScalars)
        while let f = scalars.first, f == "《" || f == "》" { scalars.removeFirst() }
        while let l = scalars.last, l == "《" || l == "》" { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars)).trimmingWhitespace()
    }

    /// Non-overlapping occurrences of `needle` in `text` (Python `str.count`; an empty needle
    /// occurs `count + 1` times).
    static func occurrences(of needle: String, in text: [Unicode.Scalar]) -> Int {
        let n = Array(needle.unicodeScalars)
        if n.isEmpty { return text.count + 1 }
        var count = 0, i = 0
        while i + n.count <= text.count {
            if text[i] == n[0] && Array(text[i..<(i + n.count)]) == n {
                count += 1
                i += n.count
            } else {
                i += 1
            }
        }
        return count
    }
}

extension String {
    /// Without leading and trailing Unicode whitespace (Python `str.strip()`).
    func trimmingWhitespace() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let f = scalars.first, f.properties.isWhitespace { scalars = scalars.dropFirst() }
        while let l = scalars.last, l.properties.isWhitespace { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
