import Foundation

/// Writers for the official Infomap 2.x result formats (.clu, .tree, .json).
///
/// Modules are numbered from 1 in order of decreasing flow; nodes inside a module are listed by
/// decreasing flow, as Infomap does. Files are written to a temporary file and renamed.
public struct OutputWriter {
    public let network: Network
    public let flow: FlowGraph
    public let result: InfomapResult
    public let flowModel: String
    public let seconds: Double
    public let command: String

    public init(network: Network, flow: FlowGraph, result: InfomapResult, flowModel: String, seconds: Double, command: String) {
        self.network = network; self.flow = flow; self.result = result
        self.flowModel = flowModel; self.seconds = seconds; self.command = command
    }

    /// Nodes ordered by (module, decreasing flow, id).
    var order: [Int] {
        (0..<network.numNodes).sorted { a, b in
            let ma = result.modules[a], mb = result.modules[b]
            if ma != mb { return ma < mb }
            let fa = flow.nodeFlow[a], fb = flow.nodeFlow[b]
            return fa != fb ? fa > fb : network.ids[a] < network.ids[b]
        }
    }

    var header: String {
        """
        # numswift infomap (two-level map equation, Infomap 2.x formats)
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
        var rank = 0, last: Int32 = -1
        for i in order {
            if result.modules[i] != last { last = result.modules[i]; rank = 0 }
            rank += 1
            s += "\(result.modules[i] + 1):\(rank) \(fmt(flow.nodeFlow[i])) \"\(network.names[i])\" \(network.ids[i])\n"
        }
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
            default: throw InfoMapError.invalidOption(name: "-o", value: f, expected: "clu or tree")
            }
            let path = (directory as NSString).appendingPathComponent("\(name).\(f)")
            try atomicWrite(text, to: path)
            paths.append(path)
        }
        return paths
    }
}

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
