// libFuzzer target: the byte-range shards of CorpusReader (the MPI ranks' corpus reader), plain
// or gzip (built from the input): for 2, 3 and 5 shards, the shards' lines in rank order must be
// exactly the lines of one whole read (every line read by exactly one shard, none cut).
import CKernels.IO

/// `bytes` as a one-member gzip file (the zlib stream's deflate data between a gzip header and trailer).
func fuzzGzip(_ bytes: [UInt8]) -> [UInt8] {
    var z = [UInt8](repeating: 0, count: ck_deflate_bound(bytes.count))
    var n = z.count
    precondition(ck_deflate(bytes, bytes.count, &z, &n, 6) == 0)
    let crc = ck_crc32(0, bytes, bytes.count), size = UInt32(truncatingIfNeeded: bytes.count)
    let le: (UInt32) -> [UInt8] = { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    return [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3] + z[2..<(n - 4)] + le(crc) + le(size)
}

func fuzz_shards(_ data: UnsafePointer<UInt8>, _ size: Int) {
    var bytes = fuzzBytes(data, size)
    let gzip = size % 2 == 1
    if gzip { bytes = fuzzGzip(bytes) }
    let path = bytes.withUnsafeBufferPointer { fuzzScratchFile($0.baseAddress!, $0.count, suffix: gzip ? ".txt.gz" : ".txt") }
    func lines(_ r: CorpusReader) -> [[CChar]]? {
        var out: [[CChar]] = []
        guard (try? r.forEachUncheckedLine({ line, _, _ in out.append(Array(line)) })) != nil else { return nil }
        return out
    }
    let reader = CorpusReader(path: path, policy: .skip, chunkSize: 16, maxLineBytes: 1 << 16)
    guard let whole = lines(reader) else { return }
    for parts in [2, 3, 5] {
        var joined: [[CChar]] = []
        for p in 0..<parts {
            guard let shard = try? reader.shard(p, of: parts), let l = lines(shard) else {
                preconditionFailure("shard \(p) of \(parts) failed where the whole file read")
            }
            joined += l
        }
        precondition(joined == whole, "shards of \(parts) read \(joined.count) lines, the whole file \(whole.count)")
    }
}
