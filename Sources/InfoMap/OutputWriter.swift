import Foundation

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
    }

    /// Module path of node i (top module first, 0-based).
    func path(_ i: Int) -> [Int32] { result.paths?[i] ?? [result.modules[i]] }

    /// Nodes ordered by (module path, decreasing flow, id).
    var order: [Int] {
        (0..<network.numNodes).sorted { a, b in
            let ma = path(a), mb = path(b)
            if ma != mb { return ma.lexicographicallyPrecedes(mb) }
            let fa = flow.nodeFlow[a], fb = flow.nodeFlow[b]
            return fa != fb ? fa > fb : network.ids[a] < network.ids[b]
        }
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
        for i in order { s += "\(network.ids[i]) \(result.modules[i] + 1) \(fmt(flow.nodeFlow[i]))\n" }
        return s
    }

    /// `.tree`: `path flow "name" node_id`.
    public func tree() -> String {
        var s = header + "# path flow name node_id\n"
        var rank = 0, last: [Int32] = []
        for i in order {
            if path(i) != last { last = path(i); rank = 0 }
            rank += 1
            s += "\(last.map { String($0 + 1) }.joined(separator: ":")):\(rank) \(fmt(flow.nodeFlow[i])) \"\(network.names[i])\" \(network.ids[i])\n"
        }
        return s
    }

    // MARK: - ftree and JSON

    /// Rank (1-based) of each node inside its module, in output order.
    var ranks: [Int] {
        var r = [Int](repeating: 0, count: network.numNodes)
        var k = 0, last: Int32 = -1
        for i in order {
            if result.modules[i] != last { last = result.modules[i]; k = 0 }
            k += 1; r[i] = k
        }
        return r
    }

    /// Links between top modules (root) and inside each module, keyed (from, to) with 1-based
    /// indices; undirected flow models combine both directions in one (min, max) row.
    func moduleLinks() -> (root: [(Int, Int, Double)], inner: [[(Int, Int, Double)]]) {
        let net = flow.net, rk = ranks
        let undirected = flowModel == "undirected"
        var root: [Int64: Double] = [:]
        var inner = [[Int64: Double]](repeating: [:], count: result.numTopModules)
        func key(_ a: Int, _ b: Int) -> Int64 {
            let (x, y) = undirected && b < a ? (b, a) : (a, b)
            return Int64(x) << 32 | Int64(y)
        }
        for i in 0..<net.n {
            for k in Int(net.outStart[i])..<Int(net.outStart[i + 1]) {
                let j = Int(net.outIdx[k]), f = net.outFlow[k]
                let mi = Int(result.modules[i]), mj = Int(result.modules[j])
                if mi != mj { root[key(mi + 1, mj + 1), default: 0] += f }
                else { inner[mi][key(rk[i], rk[j]), default: 0] += f }
            }
        }
        func rows(_ d: [Int64: Double]) -> [(Int, Int, Double)] {
            d.keys.sorted().map { (Int($0 >> 32), Int($0 & 0xffff_ffff), d[$0]!) }
        }
        return (rows(root), inner.map(rows))
    }

    /// Codelength of each top module: plogp(X + F) − plogp(X) − Σ plogp(p) over its nodes.
    var perModuleCodelength: [Double] {
        var c = [Double](repeating: 0, count: result.numTopModules)
        for i in 0..<network.numNodes { c[Int(result.modules[i])] -= plogp2(flow.nodeFlow[i]) }
        for m in 0..<result.numTopModules {
            let x = result.moduleExit[m], f = result.moduleFlow[m]
            c[m] += plogp2(x + f) - plogp2(x)
        }
        return c
    }

    /// `.ftree`: the tree followed by `*Links` sections for the root and every module.
    public func ftree() -> String {
        var s = tree()
        let (root, inner) = moduleLinks()
        s += "*Links \(flowModel == "undirected" ? "undirected" : "directed")\n"
        if flowModel == "undirected" { s += "# link flow is both directions combined, one row per module pair\n" }
        s += "#*Links path enterFlow exitFlow numEdges numChildren\n"
        s += "*Links root 0 0 \(root.count) \(result.numTopModules)\n"
        for (a, b, f) in root { s += "\(a) \(b) \(fmt(f))\n" }
        var size = [Int](repeating: 0, count: result.numTopModules)
        for m in result.modules { size[Int(m)] += 1 }
        for m in 0..<result.numTopModules {
            s += "*Links \(m + 1) \(fmt(result.moduleEnter[m])) \(fmt(result.moduleExit[m])) \(inner[m].count) \(size[m])\n"
            for (a, b, f) in inner[m] { s += "\(a) \(b) \(fmt(f))\n" }
        }
        return s
    }

    /// `.json`: Infomap 2.x JSON (without the per-node `mec` field).
    public func json() -> String {
        let (root, inner) = moduleLinks()
        let rk = ranks
        var size = [Int](repeating: 0, count: result.numTopModules)
        for m in result.modules { size[Int(m)] += 1 }
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
        var s = "{\"version\":\"numswift\",\"args\":\"\(esc(command))\",\"completedIn\":\(seconds),"
        s += "\"codelength\":\(result.codelength),\"indexCodelength\":\(result.indexCodelength),"
        s += "\"moduleCodelength\":\(result.moduleCodelength),\"oneLevelCodelength\":\(result.oneLevelCodelength),"
        s += "\"trials\":\(max(1, result.trialCodelengths.count)),\"numLevels\":\(result.levels),"
        s += "\"numTopModules\":\(result.numTopModules),\"numModules\":[\(result.numTopModules),0],"
        s += "\"relativeCodelengthSavings\":\(result.relativeCodelengthSavings),"
        s += "\"directed\":\(flowModel != "undirected"),\"flowModel\":\"\(flowModel)\",\"higherOrder\":false,\"nodes\":["
        s += order.map { i in
            let m = Int(result.modules[i]) + 1
            return "{\"path\":[\(m),\(rk[i])],\"modules\":[\(m)],\"name\":\"\(esc(network.names[i]))\",\"flow\":\(fmt(flow.nodeFlow[i])),\"id\":\(network.ids[i])}"
        }.joined(separator: ",")
        s += "],\"modules\":["
        var mods = ["{\"path\":[0],\"enterFlow\":0.0,\"exitFlow\":0.0,\"numEdges\":\(root.count),\"numChildren\":\(result.numTopModules),\"codelength\":\(fmt(result.indexCodelength))}"]
        let cl = perModuleCodelength
        for m in 0..<result.numTopModules {
            mods.append("{\"path\":[\(m + 1)],\"enterFlow\":\(fmt(result.moduleEnter[m])),\"exitFlow\":\(fmt(result.moduleExit[m])),\"numEdges\":\(inner[m].count),\"numChildren\":\(size[m]),\"codelength\":\(fmt(cl[m]))}")
        }
        s += mods.joined(separator: ",") + "]}"
        return s
    }

    /// Writes `<dir>/<name>.<ext>` for each requested format ("clu", "tree").
    public func write(directory: String, name: String, formats: [String]) throws -> [String] {
        var paths: [String] = []
        for f in formats {
            let text: String
            switch f {
            case "clu": text = clu()
            case "tree": text = tree()
            case "ftree", "json":
                guard result.levels <= 2 else {
                    throw InfoMapError.invalidOption(name: "-o", value: f, expected: "clu or tree for a multilevel result (ftree/json are written for two-level results; add --two-level)")
                }
                text = f == "ftree" ? ftree() : json()
            default: throw InfoMapError.invalidOption(name: "-o", value: f, expected: "clu, tree, ftree or json")
            }
            let path = (directory as NSString).appendingPathComponent("\(name).\(f)")
            try atomicWrite(text, to: path)
            paths.append(path)
        }
        return paths
    }
}

func plogp2(_ p: Double) -> Double { p > 0 ? p * log2(p) : 0 }

/// %g with 6 significant digits, as Infomap prints flows and codelengths.
func fmt(_ x: Double) -> String { String(format: "%g", x) }

/// Writes `text` to a temporary file beside `path`, then renames it into place.
func atomicWrite(_ text: String, to path: String) throws {
    let tmp = path + ".tmp\(getpid())"
    guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8)) else {
        throw InfoMapError.io(path: path, reason: "cannot write")
    }
    if rename(tmp, path) != 0 {
        unlink(tmp)
        throw InfoMapError.io(path: path, reason: "cannot rename the temporary file into place")
    }
}
