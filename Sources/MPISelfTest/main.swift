// A small program the MPI tests launch under `mpirun -np N` (and alone): it runs every collective
// of NumSwiftMPI with values whose results are known exactly and prints one line per rank,
// `ok rank R of N: C checks`, or `FAIL rank R: ...` with exit status 1.
// Modes: `collectives` (default), `mismatch` (ranks pass different lengths and must all get the
// same error), `die` (rank 1 exits at once; the others must not wait forever), `bench` (median
// time of an in-place Float all-reduce by size, printed by rank 0: benchmarks and docs/scaling.md),
// `train` / `train-local` / `train-mismatch` (data-parallel training against one process),
// `fit DIR` / `fit-local DIR` (rank-aware `Model.fit` against one process).
import NumSwiftMPI

#if canImport(Glibc)
    import Glibc
#endif

setvbuf(stdout, nil, _IOLBF, 0)
let mode = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "collectives"
var checks = 0

func fail(_ rank: Int, _ what: String) -> Never {
    print("FAIL rank \(rank): \(what)")
    exit(1)
}

func expect<T: Equatable>(_ got: T, _ want: T, _ what: String, _ rank: Int) {
    checks += 1
    if got != want { fail(rank, "\(what): got \(got), expected \(want)") }
}

func runCollectives(_ w: Communicator) throws {
    let r = w.rank, n = w.size
    try w.barrier()
    if r == 0 { usleep(20_000) }  // the others wait in the idle barrier
    try w.idleBarrier()
    // broadcast: same count everywhere, root's values win; then a root-only array.
    var b: [Float] = r == 0 ? [1.5, 3, 4.5, 6, 7.5] : [Float](repeating: -1, count: 5)
    try w.broadcast(&b)
    expect(b, [1.5, 3, 4.5, 6, 7.5], "broadcast", r)
    let text = try w.broadcastArray(r == n - 1 ? Array("from the last rank".utf8) : [], root: n - 1)
    expect(String(decoding: text, as: UTF8.self), "from the last rank", "broadcastArray", r)
    // all-reduce sums of small integers are exact in every type.
    var f = (0..<1000).map { Float((r + 1) * $0) + 0.5 }
    try w.allReduce(&f)
    expect(f, (0..<1000).map { Float(n * (n + 1) / 2 * $0) + 0.5 * Float(n) }, "allReduce Float", r)
    var d = (0..<7).map { Double(r) * 1e9 + Double($0) }
    try w.allReduce(&d)
    expect(d, (0..<7).map { Double(n * (n - 1) / 2) * 1e9 + Double(n * $0) }, "allReduce Double", r)
    var i = [Int64(1) << 40 + Int64(r), -Int64(r)]
    try w.allReduce(&i)
    expect(i, [Int64(n) << 40 + Int64(n * (n - 1) / 2), -Int64(n * (n - 1) / 2)], "allReduce Int64", r)
    var m = [Int64(r), -Int64(r)]
    try w.allReduce(&m, op: .max)
    expect(m, [Int64(n - 1), 0], "allReduce max", r)
    // all-gather(v)
    expect(try w.allGather([Int32(r), Int32(10 * r)]), (0..<n).flatMap { [Int32($0), Int32(10 * $0)] }, "allGather", r)
    expect(try w.allGatherV([UInt64](repeating: UInt64(r), count: r + 1)), (0..<n).map { [UInt64](repeating: UInt64($0), count: $0 + 1) }, "allGatherV", r)
    // all-to-all(v): the value names source, destination and position.
    let blocks = (0..<n).flatMap { dst in (0..<2).map { Int64(100 * r + 10 * dst + $0) } }
    expect(try w.allToAll(blocks, blockCount: 2), (0..<n).flatMap { src in (0..<2).map { Int64(100 * src + 10 * r + $0) } }, "allToAll", r)
    func parts(_ src: Int, _ len: (Int) -> Int) -> [[UInt32]] {
        (0..<n).map { dst in (0..<len(dst)).map { UInt32(src << 20 | dst << 12 | $0) } }
    }
    let got = try w.allToAllV(parts(r) { r + $0 })
    expect(got, (0..<n).map { src in parts(src) { src + $0 }[r] }, "allToAllV", r)
    // The same collectives when every call may carry only 64 bytes: several rounds and chunks.
    w.callByteLimit = 64
    let big = try w.allToAllV(parts(r) { 100 * (r + 1) + 7 * $0 })
    expect(big, (0..<n).map { src in parts(src) { 100 * (src + 1) + 7 * $0 }[r] }, "allToAllV in rounds", r)
    var long = (0..<100).map { Int64($0 * (r + 1)) }
    try w.allReduce(&long)
    expect(long, (0..<100).map { Int64($0 * n * (n + 1) / 2) }, "allReduce in chunks", r)
    let bytes = try w.broadcastArray(r == 0 ? (0..<500).map { UInt8($0 % 251) } : [])
    expect(bytes, (0..<500).map { UInt8($0 % 251) }, "broadcast in chunks", r)
    do {
        _ = try w.allGatherV([UInt8](repeating: 1, count: 40))
        if n > 1 { fail(r, "allGatherV over the byte limit did not throw") }
    } catch MPIError.messageTooLarge {
        checks += 1
    }
    w.callByteLimit = Int(Int32.max)
}

do {
    let w = try Communicator.world()
    switch mode {
    case "single":
        // Singleton-only checks: a second initialise is harmless, and bad arguments throw before MPI is called.
        expect(MPIRuntime.isActive, true, "MPIRuntime.isActive", w.rank)
        try MPIRuntime.initialize()
        func throwsInvalid(_ what: String, _ body: () throws -> Void) {
            do {
                try body()
                fail(w.rank, "\(what) did not throw")
            } catch MPIError.invalidArgument {
                checks += 1
            } catch {
                fail(w.rank, "\(what) threw \(error)")
            }
        }
        throwsInvalid("allToAllV with 2 blocks for 1 rank") { _ = try w.allToAllV([[Int64(1)], [2]]) }
        throwsInvalid("allToAll of 3 values in blocks of 2") { _ = try w.allToAll([Int64(1), 2, 3], blockCount: 2) }
        var v: [Float] = [1]
        throwsInvalid("broadcast from root 3") { try w.broadcast(&v, root: 3) }
        expect(MPIError.mismatch(what: "x", detail: "y").description.contains("every rank must run the same command"), true, "mismatch text", w.rank)
        try runCollectives(w)
        print("ok rank \(w.rank) of \(w.size): \(checks) checks")
    case "collectives":
        try runCollectives(w)
        print("ok rank \(w.rank) of \(w.size): \(checks) checks")
    case "mismatch":
        var v = [Double](repeating: 1, count: 4 + w.rank)
        do {
            try w.allReduce(&v)
            if w.size > 1 { fail(w.rank, "allReduce with different lengths did not throw") }
            print("ok rank \(w.rank) of \(w.size): no mismatch on one rank")
        } catch let e as MPIError {
            print("mismatch rank \(w.rank): \(e)")
        }
    case "die":
        if w.rank == 1 { exit(7) }
        // The others wait in collectives that rank 1 never joins.
        var x: [Int64] = [1]
        for _ in 0..<1000 { try w.allReduce(&x) }
        print("ok rank \(w.rank): collectives finished without rank 1")
    case "train-local":
        try runTraining(w, distributed: false)
    case "train":
        try runTraining(w, distributed: true)
    case "fit", "fit-local":
        guard CommandLine.arguments.count > 2 else { fail(w.rank, "fit needs an output directory") }
        try runFit(w, distributed: mode == "fit", dir: CommandLine.arguments[2])
    case "train-mismatch":
        do {
            try runTraining(w, distributed: true, hidden: w.rank == 1 ? 17 : 16)
            if w.size > 1 { fail(w.rank, "different models did not throw") }
        } catch let e as MPIError {
            print("mismatch rank \(w.rank): \(e)")
        }
    case "bench":
        for n in [1 << 10, 1 << 14, 79_510, 1 << 18, 1 << 20, 5_820_000, 1 << 24] {
            var v = [Float](repeating: 1, count: n)
            var times: [Double] = []
            for rep in 0..<(n >= 1 << 20 ? 8 : 40) {
                try w.barrier()
                var t0 = timespec(), t1 = timespec()
                clock_gettime(CLOCK_MONOTONIC, &t0)
                try w.allReduce(&v)
                clock_gettime(CLOCK_MONOTONIC, &t1)
                if rep >= 3 { times.append(Double(t1.tv_sec - t0.tv_sec) + Double(t1.tv_nsec - t0.tv_nsec) * 1e-9) }
            }
            times.sort()
            if w.isRoot {
                let med = times[times.count / 2]
                print("{\"ranks\":\(w.size),\"floats\":\(n),\"bytes\":\(4 * n),\"median_s\":\(med),\"gb_per_s\":\(Double(4 * n) / med / 1e9)}")
            }
        }
    default:
        fail(w.rank, "unknown mode \(mode)")
    }
    try MPIRuntime.finalize()
} catch {
    print("FAIL: \(error)")
    exit(1)
}
