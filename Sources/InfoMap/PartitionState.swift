import CKernels.Infomap

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
