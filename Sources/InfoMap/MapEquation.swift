import CKernels.Infomap

/// The map equation in one place: every codelength, term and delta of the InfoMap module is
/// computed here (the C core loop `ck_im_core_loop` keeps its own inlined copy for speed and
/// states which of these formulas each of its lines is).
///
/// All terms are sums of `plogp(p) = p log2 p` over flows. A *codebook* with exit flow `x`
/// whose codewords have flows `n_j` (the enter flows of its sub-modules, or the flows of its
/// leaf nodes) costs
///
///     H(x; n) = plogp(x + Σ n_j) − plogp(x) − Σ plogp(n_j)                      (codebookLength)
///
/// The two-level map equation is the index codebook (exit flow E of the network: 0 at the top,
/// the sub-network's exit flow inside a module; codewords: the modules' enter flows N_i) plus
/// one codebook per module (exit flow X_i, codewords: its nodes' flows p_α, total F_i):
///
///     L = [plogp(ΣN_i + E) − Σ plogp(N_i) − plogp(E)]                           (indexCodelength)
///       + [Σ plogp(X_i + F_i) − Σ plogp(X_i) − Σ_α plogp(p_α)]                  (moduleCodelength)
///
/// and the hierarchical map equation sums H over every codebook of a module tree (root,
/// intermediate and leaf modules). A move changes only the codebooks whose codewords or exit
/// flows change, so its delta is the difference of those codebooks' lengths; `TwoLevelTerms`
/// and `Codebook` keep the sums under moves so that a delta costs O(1).
///
/// References: Rosvall & Bergstrom, PNAS 105 (2008) 1118 (two-level); Rosvall & Bergstrom,
/// PLoS ONE 6 (2011) e18209 (multilevel); articles digest §4.4–4.5.
enum MapEquation {
    /// `p log2 p`, with 0 for p ≤ 1e-300 (so round-off below zero counts as nothing).
    @inline(__always) static func plogp(_ p: Double) -> Double { ck_im_plogp(p) }

    /// Σ plogp(p) over `flows`, in order.
    static func sumPlogp(_ flows: some Sequence<Double>) -> Double {
        flows.reduce(0) { $0 + plogp($1) }
    }

    /// H = plogp(x + sum) − plogp(x) − sumPlogp: a codebook with exit flow `exit` whose codewords
    /// have flows summing to `sum` and Σ plogp(codeword) = `sumPlogp`.
    @inline(__always) static func codebookLength(exit: Double, sum: Double, sumPlogp: Double) -> Double {
        plogp(exit + sum) - plogp(exit) - sumPlogp
    }

    /// H of a codebook with exit flow `exit` and codeword flows `codewords`.
    static func codebookLength(exit: Double, codewords: [Double]) -> Double {
        codebookLength(exit: exit, sum: codewords.reduce(0, +), sumPlogp: sumPlogp(codewords))
    }

    /// The index codebook of a two-level partition, plogp(enterSum + E) − Σ plogp(N_i) − plogp(E):
    /// `codebookLength` with exit flow E, written in the order the C core loop evaluates it.
    @inline(__always) static func indexCodelength(
        enterSum: Double, sumPlogpEnter: Double, exitNetworkFlow e: Double
    ) -> Double {
        plogp(enterSum + e) - sumPlogpEnter - plogp(e)
    }

    /// The codelength change of replacing module m by its own children in its parent's codebook
    /// (parent exit flow `parentExit`, parent codeword sum `parentSum` including m's enter flow
    /// `enter`; m's exit flow `exit`, its children's enter flows summing to `childrenEnter`): the
    /// parent codebook trades the codeword `enter` for the children's, and m's codebook goes.
    static func promotionDelta(
        parentExit: Double, parentSum: Double, enter: Double, exit: Double, childrenEnter: Double
    ) -> Double {
        plogp(parentExit + parentSum - enter + childrenEnter) - plogp(parentExit + parentSum)
            + plogp(enter) - plogp(exit + childrenEnter) + plogp(exit)
    }

    /// Running sums of a codebook's codewords: replacing a codeword's flow adds and subtracts
    /// exactly (Σ n and Σ plogp n), so the codebook's length after a move costs O(1).
    struct Codebook {
        /// Σ n_j over the codewords.
        var sum = 0.0
        /// Σ plogp(n_j) over the codewords.
        var sumPlogp = 0.0

        /// Adds a codeword of flow `n`.
        mutating func add(_ n: Double) {
            sum += n
            sumPlogp += plogp(n)
        }

        /// Changes one codeword's flow from `old` to `new`.
        mutating func replace(_ old: Double, with new: Double) {
            sum += new - old
            sumPlogp += plogp(new) - plogp(old)
        }

        /// H with exit flow `exit`.
        func length(exit: Double) -> Double { codebookLength(exit: exit, sum: sum, sumPlogp: sumPlogp) }
    }

    /// The sums of a two-level partition that the codelength is made of; `ck_im_state` holds
    /// the same fields for the C core loop (`enter_sum`, `sum_plogp_enter`, `sum_plogp_exit`,
    /// `sum_plogp_exit_flow`).
    struct TwoLevelTerms {
        /// E: flow leaving the (sub-)network (0 at the top level).
        var exitNetworkFlow: Double
        /// Σ_α plogp(p_α) over the leaf nodes (constant under moves).
        var nodeFlowLogFlow: Double
        var enterSum = 0.0, sumPlogpEnter = 0.0, sumPlogpExit = 0.0, sumPlogpExitFlow = 0.0

        init(exitNetworkFlow: Double, nodeFlowLogFlow: Double) {
            self.exitNetworkFlow = exitNetworkFlow
            self.nodeFlowLogFlow = nodeFlowLogFlow
        }

        /// Adds a module with exit flow `exit`, enter flow `enter` and total flow `flow`.
        mutating func add(exit: Double, enter: Double, flow: Double) {
            enterSum += enter
            sumPlogpEnter += plogp(enter)
            sumPlogpExit += plogp(exit)
            sumPlogpExitFlow += plogp(exit + flow)
        }

        /// plogp(ΣN + E) − Σ plogp(N) − plogp(E).
        var indexCodelength: Double {
            MapEquation.indexCodelength(enterSum: enterSum, sumPlogpEnter: sumPlogpEnter, exitNetworkFlow: exitNetworkFlow)
        }

        /// Σ plogp(X + F) − Σ plogp(X) − Σ plogp(p).
        var moduleCodelength: Double { -sumPlogpExit + sumPlogpExitFlow - nodeFlowLogFlow }

        /// Index plus module codelength, in bits.
        var codelength: Double { indexCodelength + moduleCodelength }
    }
}
