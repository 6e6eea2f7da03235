import CKernels.Infomap

/// A fixed-size heap buffer with a stable address, so several can be handed to one C call.
/// Swift owns the memory; it is freed with the buffer.
final class Buf<T> {
    let p: UnsafeMutablePointer<T>
    let count: Int
    init(_ count: Int, _ value: T) {
        self.count = count
        p = .allocate(capacity: max(count, 1))
        p.initialize(repeating: value, count: max(count, 1))
    }
    init(_ array: [T]) {
        count = array.count
        p = .allocate(capacity: max(count, 1))
        array.withUnsafeBufferPointer { src in
            if let b = src.baseAddress { p.initialize(from: b, count: count) }
        }
    }
    deinit { p.deallocate() }
    subscript(i: Int) -> T {
        get { p[i] }
        set { p[i] = newValue }
    }
    var array: [T] { Array(UnsafeBufferPointer(start: p, count: count)) }
}

/// One level of the optimisation: nodes (leaves or aggregated modules) with flow, enter and exit
/// flow, optional recorded-teleportation flows, and out-/in-link CSR arrays.
final class LevelNet {
    let n: Int
    let flow, enter, exit: Buf<Double>
    let tele, teleU: Buf<Double>?
    let outStart: Buf<Int64>, outIdx: Buf<Int32>, outFlow: Buf<Double>
    let inStart: Buf<Int64>, inIdx: Buf<Int32>, inFlow: Buf<Double>

    /// Builds from node data and an out-link CSR; the in-link CSR is the transpose.
    init(
        flow: Buf<Double>, enter: Buf<Double>, exit: Buf<Double>, tele: Buf<Double>?, teleU: Buf<Double>?,
        outStart: Buf<Int64>, outIdx: Buf<Int32>, outFlow: Buf<Double>
    ) {
        n = flow.count
        self.flow = flow; self.enter = enter; self.exit = exit; self.tele = tele; self.teleU = teleU
        self.outStart = outStart; self.outIdx = outIdx; self.outFlow = outFlow
        let e = Int(outStart[n])
        inStart = Buf(n + 1, 0); inIdx = Buf(e, 0); inFlow = Buf(e, 0)
        ck_im_transpose(Int32(n), outStart.p, outIdx.p, outFlow.p, inStart.p, inIdx.p, inFlow.p)
    }

    var numLinks: Int { Int(outStart[n]) }

    /// The C view; valid while `self` is alive.
    var c: ck_im_net {
        ck_im_net(
            n: Int32(n), flow: flow.p, enter: enter.p, exit: exit.p, tele: tele?.p, tele_u: teleU?.p,
            out_start: outStart.p, out_idx: outIdx.p, out_flow: outFlow.p,
            in_start: inStart.p, in_idx: inIdx.p, in_flow: inFlow.p)
    }
}

/// A partition of a LevelNet with module sums and the codelength terms, plus core-loop scratch.
final class PartitionState {
    let net: LevelNet
    let module, members: Buf<Int32>
    let mflow, menter, mexit: Buf<Double>
    let mtele, mteleU: Buf<Double>?
    let cand, mark, perm, empty: Buf<Int32>
    let dexit, denter: Buf<Double>
    let dirty: Buf<UInt8>
    var st: ck_im_state

    /// A state with the given module of each node (values in 0..<n).
    init(net: LevelNet, modules: [Int32], exitNetworkFlow: Double, nodeFlowLogFlow: Double, teleTotal: Double) {
        self.net = net
        let n = net.n
        module = Buf(modules); members = Buf(n, 0)
        mflow = Buf(n, 0); menter = Buf(n, 0); mexit = Buf(n, 0)
        mtele = net.tele != nil ? Buf(n, 0) : nil
        mteleU = net.tele != nil ? Buf(n, 0) : nil
        cand = Buf(n, 0); mark = Buf(n, 0); perm = Buf(n, 0); empty = Buf(n, 0)
        dexit = Buf(n, 0); denter = Buf(n, 0); dirty = Buf(n, 0)
        st = ck_im_state()
        st.module = module.p; st.members = members.p
        st.mflow = mflow.p; st.menter = menter.p; st.mexit = mexit.p
        st.mtele = mtele?.p; st.mtele_u = mteleU?.p
        st.exit_network_flow = exitNetworkFlow
        st.node_flow_log_flow = nodeFlowLogFlow
        st.tele_total = teleTotal
        recompute()
    }

    /// Recomputes every module sum and codelength term from `module`.
    func recompute() {
        var cn = net.c
        ck_im_init_state(&cn, &st)
    }

    /// Runs the core loop; returns the number of improving sweeps.
    func coreLoop(limit: Int, skipMultiFirst: Bool, rng: inout RNG) -> Int {
        var cn = net.c
        var w = ck_im_work(
            cand: cand.p, mark: mark.p, perm: perm.p, empty: empty.p,
            dexit: dexit.p, denter: denter.p, dirty: dirty.p)
        return withUnsafeMutablePointer(to: &rng.s) { sp in
            sp.withMemoryRebound(to: UInt64.self, capacity: 4) { p in
                Int(ck_im_core_loop(&cn, &st, &w, Int32(limit), skipMultiFirst ? 1 : 0, 1e-10, p))
            }
        }
    }

    var codelength: Double { st.codelength }

    /// Module ids renumbered 0..<m in order of first appearance; returns (ids, m).
    func compacted() -> ([Int32], Int) {
        var map = [Int32](repeating: -1, count: net.n)
        var out = [Int32](repeating: 0, count: net.n)
        var m: Int32 = 0
        for i in 0..<net.n {
            let a = Int(module[i])
            if map[a] < 0 { map[a] = m; m += 1 }
            out[i] = map[a]
        }
        return (out, Int(m))
    }
}

/// xoshiro256** state seeded by splitmix64 from (seed, stream).
struct RNG {
    var s: (UInt64, UInt64, UInt64, UInt64)
    init(seed: UInt64, stream: UInt64 = 0) {
        var x = seed &+ 0x9E37_79B9_7F4A_7C15 &* (stream &+ 1)
        func next() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (next(), next(), next(), next())
    }
}
