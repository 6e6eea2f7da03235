import CKernels.Infomap

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
