import CKernels

extension WordFinder {
    /// Discovery over `corpus` by all ranks of `group` together, with the same result as
    /// `discover(_:progress:)` on one process (when no table is pruned: `stats.prunes == 0`).
    ///
    /// Each rank reads its byte range of the corpus (`CorpusReader.shard`, split at line starts).
    /// The character counts and totals are summed; each pair and each fragment is owned by one
    /// rank (a hash of its key), so the tables are merged by one all-to-all each. The owners
    /// decide the strong pairs, which every rank then gets for cutting its own shard, and filter
    /// the merged fragments by frequency; rank 0 receives the candidates, puts them in corpus
    /// order (the rank, then the index at which its shard first saw them) and runs the redundancy
    /// removal, which is global. Memory per rank: its shard's code units and tables plus the
    /// owned part of the merged ones; rank 0 also holds the candidates.
    ///
    /// - Returns: the words on rank 0 (empty on the others) and the global counters on every rank
    ///   (`peakTableBytes` and `phaseSeconds` are this rank's).
    /// - Throws: as `discover`; `emptyCorpus` on every rank together. Reader errors happen on one
    ///   rank only: the caller must then end the job (the other ranks would wait for it).
    public func discover(_ corpus: CorpusReader, across group: DiscoveryExchange, progress: ((String, Int, Int) -> Void)? = nil) throws -> (
        words: [WordCount], stats: DiscoveryStats
    ) {
        try validate()
        let shard = try corpus.shard(group.rank, of: group.size)
        var run = try DiscoveryRun(finder: self, corpus: shard, progress: progress)
        let strong: PairSet
        do {
            let counts = try shard.withGlobalLineNumbers { try run.countPairs() }
            run.lap("read + count pairs")
            strong = try strongPairs(counts, run: &run, group: group)
        }
        run.stats.strongPairs = strong.count
        run.lap("strong pairs (merged)")
        let pass1Prunes = run.stats.prunes  // global
        var parts: [[UInt8]]
        do {
            let frags = try shard.withGlobalLineNumbers { try run.cutFragments(strong: strong, lines: run.stats.corpus.lines) }
            parts = fragmentRecords(frags, rank: group.rank, ranks: group.size)
        }
        var sums = [run.stats.fragments, Int64(run.stats.prunes - pass1Prunes)]
        try group.sum(&sums)
        run.stats.fragments = sums[0]
        run.stats.prunes = pass1Prunes + Int(sums[1])
        let received = try group.exchange(parts)
        parts = []
        let candidates = try ownedCandidates(received, totalFragments: run.stats.fragments, ranks: group.size)
        let atRoot = try group.exchange([candidates] + [[UInt8]](repeating: [], count: group.size - 1))
        run.lap("merge fragments")
        guard group.rank == 0 else { return ([], run.stats) }
        let table = try candidateTable(atRoot)
        let words = try run.wordList(table, totalFragments: run.stats.fragments)
        return (words, run.stats)
    }

    // MARK: - Pass 1 merge

    /// Sums the character counts and totals, merges the pair tables at their owners, and returns
    /// the set of all strong pairs on every rank. Fills the global corpus counters of `run.stats`.
    private func strongPairs(_ counts: PairCounts, run: inout DiscoveryRun, group: DiscoveryExchange) throws -> PairSet {
        let ranks = group.size
        var sums = counts.chars
        sums += [counts.totalChars, counts.prunedPairs + counts.pairs.total, Int64(run.stats.prunes), Int64(run.stats.corpus.bytes)]
        try group.sum(&sums)
        let totalChars = sums[65536], totalPairs = sums[65537]
        run.stats.totalChars = totalChars
        run.stats.totalPairs = totalPairs
        run.stats.prunes = Int(sums[65538])
        run.stats.corpus = try globalCorpusStats(run.stats.corpus, bytes: Int(sums[65539]), group: group)
        guard totalChars > 0 else { throw WordMiningError.emptyCorpus(file: run.corpus.path) }

        // Pairs to their owners: (key u32, count i64) records.
        var out = [RecordWriter](repeating: RecordWriter(), count: ranks)
        var key: UInt32 = 0, count: Int64 = 0
        for i in 0..<ck_u32tab_capacity(counts.pairs.raw) where ck_u32tab_slot(counts.pairs.raw, i, &key, &count) != 0 {
            let d = pairOwner(key, ranks)
            out[d].append(key)
            out[d].append(count)
        }
        let received = try group.exchange(out.map(\.bytes))
        out = []
        let merged = try PairTable("merged pair table", expected: received.reduce(0) { $0 + $1.count } / 12)
        for block in received {
            try block.withUnsafeBytes { b in
                var r = RecordReader(b)
                while !r.atEnd {
                    let k = r.read(UInt32.self), c = r.read(Int64.self)
                    guard ck_u32tab_add(merged.raw, k, c) == 0 else { throw WordMiningError.outOfMemory(what: merged.name) }
                }
            }
        }
        // The owned strong pairs, then everyone's.
        let owned = try PairSet("owned strong pairs")
        try sums.withUnsafeBufferPointer {
            try strongPairs(merged, chars: UnsafeBufferPointer(rebasing: $0[0..<65536]), totalChars: totalChars, totalPairs: totalPairs, into: owned)
        }
        var mine = RecordWriter()
        for i in 0..<ck_u32tab_capacity(merged.raw) where ck_u32tab_slot(merged.raw, i, &key, &count) != 0 && ck_u32set_contains(owned.raw, key) != 0 {
            mine.append(key)
        }
        let all = try group.allGather(mine.bytes)
        let strong = try PairSet("strong pair set", expected: all.reduce(0) { $0 + $1.count } / 4)
        for block in all {
            try block.withUnsafeBytes { b in
                var r = RecordReader(b)
                while !r.atEnd {
                    guard ck_u32set_add(strong.raw, r.read(UInt32.self)) == 0 else { throw WordMiningError.outOfMemory(what: strong.name) }
                }
            }
        }
        return strong
    }

    /// Lines, bytes and skipped lines of the whole corpus; skipped line numbers become global
    /// (each shard's numbers shifted by the lines of the shards before it).
    private func globalCorpusStats(_ local: CorpusStats, bytes: Int, group: DiscoveryExchange) throws -> CorpusStats {
        var w = RecordWriter()
        w.append(Int64(local.lines))
        w.append(Int64(local.skippedCount))
        for l in local.skippedLines { w.append(Int64(l)) }
        var global = CorpusStats()
        global.bytes = bytes
        for block in try group.allGather(w.bytes) {
            block.withUnsafeBytes { b in
                var r = RecordReader(b)
                let lines = Int(r.read(Int64.self))
                global.skippedCount += Int(r.read(Int64.self))
                while !r.atEnd {
                    let l = Int(r.read(Int64.self)) + global.lines
                    if global.skippedLines.count < 100 { global.skippedLines.append(l) }
                }
                global.lines += lines
            }
        }
        return global
    }

    // MARK: - Pass 2 merge

    /// The shard's fragments as records for their owners: (length u32, count i64, first
    /// occurrence u64 = rank << 40 | index, units).
    private func fragmentRecords(_ frags: CodeUnitTable, rank: Int, ranks: Int) -> [[UInt8]] {
        var out = [RecordWriter](repeating: RecordWriter(), count: ranks)
        for i in 0..<frags.count {
            var len = 0
            let k = ck_cptab_key(frags.raw, i, &len)!
            let d = fragmentOwner(k, len, ranks)
            out[d].append(UInt32(len))
            out[d].append(ck_cptab_count(frags.raw, i))
            out[d].append(UInt64(rank) << 40 | UInt64(i))
            out[d].append(units: k, count: len)
        }
        return out.map(\.bytes)
    }

    /// Merges the received fragment records (counts summed, first occurrence the smallest) and
    /// returns, as records, those that can pass the frequency filter. The filter is applied again,
    /// exactly, by `ck_discover_words` on rank 0; here it only keeps the traffic small, so it
    /// errs on the side of keeping.
    private func ownedCandidates(_ blocks: [[UInt8]], totalFragments: Int64, ranks: Int) throws -> [UInt8] {
        let merged = try CodeUnitTable("merged fragment table", expected: blocks.reduce(0) { $0 + $1.count } / 28)
        var first: [UInt64] = []
        for block in blocks {
            try block.withUnsafeBytes { b in
                var r = RecordReader(b)
                while !r.atEnd {
                    let len = Int(r.read(UInt32.self)), c = r.read(Int64.self), o = r.read(UInt64.self)
                    let i = ck_cptab_add(merged.raw, r.units(len), len, c)
                    guard i >= 0 else { throw WordMiningError.outOfMemory(what: merged.name) }
                    if Int(i) == first.count { first.append(o) } else { first[Int(i)] = min(first[Int(i)], o) }
                }
            }
        }
        let logMin = zlog(minProba), logTotal = zlog(Double(totalFragments))
        var out = RecordWriter()
        for i in 0..<merged.count {
            let c = ck_cptab_count(merged.raw, i)
            guard c > 0, zlog(Double(c)) - logTotal > logMin - 1e-9 else { continue }
            var len = 0
            let k = ck_cptab_key(merged.raw, i, &len)!
            out.append(UInt32(len))
            out.append(c)
            out.append(first[i])
            out.append(units: k, count: len)
        }
        return out.bytes
    }

    /// Rank 0: the candidates of every owner in one table, in order of first occurrence.
    private func candidateTable(_ blocks: [[UInt8]]) throws -> CodeUnitTable {
        var index: [(first: UInt64, block: Int, pos: Int)] = []
        for (bi, block) in blocks.enumerated() {
            block.withUnsafeBytes { b in
                var r = RecordReader(b)
                while !r.atEnd {
                    let pos = r.pos
                    let len = Int(r.read(UInt32.self))
                    _ = r.read(Int64.self)
                    index.append((r.read(UInt64.self), bi, pos))
                    _ = r.units(len)
                }
            }
        }
        index.sort { $0.first < $1.first }
        let table = try CodeUnitTable("candidate table", expected: index.count)
        for e in index {
            try blocks[e.block].withUnsafeBytes { b in
                var r = RecordReader(b)
                r.pos = e.pos
                let len = Int(r.read(UInt32.self)), c = r.read(Int64.self)
                _ = r.read(UInt64.self)
                guard ck_cptab_add(table.raw, r.units(len), len, c) >= 0 else { throw WordMiningError.outOfMemory(what: table.name) }
            }
        }
        return table
    }
}

/// Owner rank of a character pair (Fibonacci hashing of the key).
@inline(__always) func pairOwner(_ key: UInt32, _ ranks: Int) -> Int {
    Int((UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> 32) % ranks
}

/// Owner rank of a fragment (FNV-1a over its code units).
@inline(__always) func fragmentOwner(_ k: UnsafePointer<UInt16>, _ len: Int, _ ranks: Int) -> Int {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for j in 0..<len { h = (h ^ UInt64(k[j])) &* 0x100_0000_01B3 }
    return Int(h >> 1) % ranks
}

extension CorpusReader {
    /// Runs `body`, turning a line number of this shard in an `invalidUTF8` error into the line
    /// number in the whole file (by counting the lines before the shard, only on this error path).
    func withGlobalLineNumbers<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let WordMiningError.invalidUTF8(file, line, offset) {
            var before = self
            let lo = byteRange?.lowerBound ?? 0
            before.byteRange = 0..<lo
            let lines = lo > 0 ? try before.forEachUncheckedLine { _, _, _ in }.lines : 0
            throw WordMiningError.invalidUTF8(file: file, line: line + lines, byteOffset: offset)
        }
    }
}
