import Foundation
import NumSwiftSupport

/// Writers for the official Infomap 2.x result formats (.clu, .tree, .ftree, .json).
///
/// Modules are numbered from 1 in order of decreasing flow; nodes inside a module are listed by
/// decreasing flow, as Infomap does. Files are written to a temporary file and renamed.
public struct OutputWriter {
    /// The network that was partitioned (ids and names for output).
    public let network: Network
    /// Its flow model (node flows and link flows).
    public let flow: FlowGraph
    /// The partition to write.
    public let result: InfomapResult
    /// Name of the flow model written in headers ("undirected" or "directed").
    public let flowModel: String
    /// Run time reported in headers.
    public let seconds: Double
    /// The command line reported in headers.
    public let command: String

    /// Creates a writer for one result.
    public init(network: Network, flow: FlowGraph, result: InfomapResult, flowModel: String, seconds: Double, command: String) {
        self.network = network; self.flow = flow; self.result = result
        self.flowModel = flowModel; self.seconds = seconds; self.command = command
        moduleTree = ModuleTree(flow: flow, ids: network.ids, path: { result.paths?[$0] ?? [result.modules[$0]] })
    }

    /// The module tree of `result` (every level, pre-order) with nodes in output order.
    let moduleTree: ModuleTree

    /// Module path of node i as written (top module first, 0-based positions among siblings;
    /// the same as `result.paths` / `result.modules`, whose labels are dense).
    func path(_ i: Int) -> [Int32] { moduleTree.modules[moduleTree.leafModule[i]].path }

    /// Nodes ordered by (module path, decreasing flow, id).
    var order: [Int] { moduleTree.order }

    /// Aggregated links of every module, computed once for ftree and json.
    private final class LinkCache { var links: (root: [(Int, Int, Double)], inner: [[(Int, Int, Double)]])? }
    private let linkCache = LinkCache()
    var links: (root: [(Int, Int, Double)], inner: [[(Int, Int, Double)]]) {
        if let l = linkCache.links { return l }
        let l = moduleTree.links(flow, undirected: flowModel == "undirected")
        linkCache.links = l
        return l
    }

    var header: String {
        """
        # numswift infomap (map equation, Infomap 2.x formats)
        # \(command)
        # completed in \(String(format: "%g", seconds)) s
        # trials \(max(1, result.trialCodelengths.count))
        # partitioned into \(result.levels) levels with \(result.numTopModules) top modules
        # codelength \(fmt(result.codelength)) bits
        # relative codelength savings \(fmt(result.relativeCodelengthSavings * 100))%
        # flow model \(flowModel)

        """
    }

    /// `.clu`: `node_id module flow`.
    public func clu() -> String {
        var s = header + "# module level 1\n# node_id module flow\n"
        for i in order { s += "\(network.ids[i]) \(path(i)[0] + 1) \(fmt(flow.nodeFlow[i]))\n" }
        return s
    }

    /// `.tree`: `path flow "name" node_id`, where path is the module path then the node's rank.
    public func tree() -> String {
        var s = header + "# path flow name node_id\n"
        for i in order {
            let p = path(i).map { String($0 + 1) }.joined(separator: ":")
            s += "\(p):\(moduleTree.rank[i]) \(fmt(flow.nodeFlow[i])) \"\(network.names[i])\" \(network.ids[i])\n"
        }
        return s
    }

    // MARK: - ftree and JSON

    /// Map equation centrality of node i (the JSON `mec` field): the codelength saved in its
    /// leaf module's codebook when its codeword is dropped, −(s − p) log₂((s − p) / s), with p
    /// the node's flow and s its leaf module's flow (node visits only, as Infomap 2.x writes it).
    ///
    /// References: Blocker, Nieves & Rosvall, "Map equation centrality", Applied Network
    /// Science 7 (2022) 56.
    func mapEquationCentrality(_ i: Int) -> Double {
        let s = moduleTree.modules[moduleTree.leafModule[i]].flow
        let r = s - flow.nodeFlow[i]
        return r > 0 ? -r * log2(r / s) : 0
    }

    /// `.ftree`: the tree followed by `*Links` sections for the root and then every module at
    /// every level in pre-order, each listing the aggregated links between its children.
    public func ftree() -> String {
        var s = tree()
        let undirected = flowModel == "undirected"
        let (root, inner) = links
        s += "*Links \(undirected ? "undirected" : "directed")\n"
        if undirected { s += "# link flow is both directions combined, one row per module pair\n" }
        s += "#*Links path enterFlow exitFlow numEdges numChildren\n"
        s += "*Links root 0 0 \(root.count) \(moduleTree.top.count)\n"
        for (a, b, f) in root { s += "\(a) \(b) \(fmt(f))\n" }
        for (k, m) in moduleTree.modules.enumerated() {
            let p = m.path.map { String($0 + 1) }.joined(separator: ":")
            s += "*Links \(p) \(fmt(m.enter)) \(fmt(m.exit)) \(inner[k].count) \(m.numChildren)\n"
            for (a, b, f) in inner[k] { s += "\(a) \(b) \(fmt(f))\n" }
        }
        return s
    }

    /// `.json`: Infomap 2.x JSON. Nodes carry their full path, per level the running number of
    /// their module at that level (the leaf module for levels below it), and their map equation
    /// centrality `mec`; `modules` lists the root and every module in pre-order.
    public func json() -> String {
        let tree = moduleTree
        let (root, inner) = links
        func esc(_ t: String) -> String {
            var o = ""
            for ch in t.unicodeScalars {
                switch ch {
                case "\"": o += "\\\""
                case "\\": o += "\\\\"
                default: if ch.value < 0x20 { o += String(format: "\\u%04x", ch.value) } else { o.unicodeScalars.append(ch) }
                }
            }
            return o
        }
        let depth = tree.maxDepth
        let numModules = (1...depth).map { d in tree.modules.filter { $0.path.count == d }.count } + [0]
        var s = "{\"version\":\"numswift\",\"args\":\"\(esc(command))\",\"completedIn\":\(seconds),"
        s += "\"codelength\":\(result.codelength),\"indexCodelength\":\(result.indexCodelength),"
        s += "\"moduleCodelength\":\(result.moduleCodelength),\"oneLevelCodelength\":\(result.oneLevelCodelength),"
        s += "\"trials\":\(max(1, result.trialCodelengths.count)),\"numLevels\":\(result.levels),"
        s += "\"numTopModules\":\(result.numTopModules),\"numModules\":[\(numModules.map(String.init).joined(separator: ","))],"
        s += "\"relativeCodelengthSavings\":\(result.relativeCodelengthSavings),"
        s += "\"directed\":\(flowModel != "undirected"),\"flowModel\":\"\(flowModel)\",\"higherOrder\":false,\"nodes\":["
        // Per level, modules are numbered 1, 2, ... in output order; a node whose leaf module is
        // shallower than the level keeps its leaf module there.
        var levelNumber = [[Int: Int]](repeating: [:], count: depth)
        var nodes: [String] = []
        for i in order {
            var chain = [tree.leafModule[i]]
            while tree.modules[chain[0]].parent >= 0 { chain.insert(tree.modules[chain[0]].parent, at: 0) }
            let levelModules = (0..<depth).map { l -> Int in
                let m = chain[min(l, chain.count - 1)]
                if let k = levelNumber[l][m] { return k }
                levelNumber[l][m] = levelNumber[l].count + 1
                return levelNumber[l].count
            }
            let p = (path(i).map { Int($0) + 1 } + [tree.rank[i]]).map(String.init).joined(separator: ",")
            nodes.append(
                "{\"path\":[\(p)],\"modules\":[\(levelModules.map(String.init).joined(separator: ","))],"
                    + "\"name\":\"\(esc(network.names[i]))\",\"flow\":\(jnum(flow.nodeFlow[i])),"
                    + "\"mec\":\(jnum(mapEquationCentrality(i))),\"id\":\(network.ids[i])}")
        }
        s += nodes.joined(separator: ",") + "],\"modules\":["
        var mods = [
            "{\"path\":[0],\"enterFlow\":0.0,\"exitFlow\":0.0,\"numEdges\":\(root.count),\"numChildren\":\(tree.top.count),\"codelength\":\(jnum(tree.rootCodelength))}"
        ]
        for (k, m) in tree.modules.enumerated() {
            let p = m.path.map { String($0 + 1) }.joined(separator: ",")
            mods.append(
                "{\"path\":[\(p)],\"enterFlow\":\(jnum(m.enter)),\"exitFlow\":\(jnum(m.exit)),\"numEdges\":\(inner[k].count),"
                    + "\"numChildren\":\(m.numChildren),\"codelength\":\(jnum(m.codelength))}")
        }
        s += mods.joined(separator: ",") + "]}"
        return s
    }

    /// Writes `<dir>/<name>.<ext>` for each requested format ("clu", "tree", "ftree", "json"),
    /// all or nothing: a failure leaves no output of this run (see `writeAllAtomically`).
    /// - Returns: the paths written, in the order of `formats`.
    /// - Throws: `InfoMapError.invalidOption` for an unknown format (before anything is written);
    ///   `InfoMapError.io` naming the file that could not be written.
    public func write(directory: String, name: String, formats: [String]) throws -> [String] {
        var files: [(path: String, body: (inout AtomicFileSink) throws -> Void)] = []
        for f in formats {
            let text: String
            switch f {
            case "clu": text = clu()
            case "tree": text = tree()
            case "ftree": text = ftree()
            case "json": text = json()
            default: throw InfoMapError.invalidOption(name: "-o", value: f, expected: "clu, tree, ftree or json")
            }
            files.append(((directory as NSString).appendingPathComponent("\(name).\(f)"), { $0.write(text) }))
        }
        try writeAllAtomically(files, errors: InfoMapError.self)
        return files.map(\.path)
    }
}

/// %g with 6 significant digits, as Infomap prints flows and codelengths.
/// (vsnprintf into a stack buffer: several times faster than `String(format:)` on large outputs.)
func fmt(_ x: Double) -> String {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buf in
        _ = withVaList([x]) { vsnprintf(buf.baseAddress!, 32, "%g", $0) }
        return String(cString: buf.baseAddress!)
    }
}

/// A JSON number as Infomap writes it: %g with 6 significant digits, integers with ".0".
func jnum(_ x: Double) -> String {
    let s = fmt(x)
    return s.contains(where: { !"0123456789-".contains($0) }) ? s : s + ".0"
}
