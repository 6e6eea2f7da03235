import Foundation
import NumSwiftSupport

/// Reads a given partition for `Infomap.evaluate(_:paths:)`, as official Infomap's
/// `--cluster-data` does: a `.clu` file (`node_id module [flow]`, two-level) or a `.tree` file
/// (`path flow "name" node_id`, any depth; the last path component is the node's rank and is
/// dropped). `#` lines are comments; gzip files are read transparently.
///
/// Nodes of the network that the file does not list get a top module of their own each, as in
/// official Infomap.
///
/// ```swift
/// let paths = try ClusterData.read(path: "karate.tree", network: net)
/// let result = try Infomap.evaluate(FlowGraph(network: net), paths: paths)
/// ```
/// References: Infomap 2.x `--cluster-data` and the .clu/.tree formats (articles digest §4.8).
public enum ClusterData {
    /// The module path of every node of `network` (top module first; labels as in the file,
    /// 0-based for .tree paths), ready for `Infomap.evaluate(_:paths:)`.
    /// - Throws: `InfoMapError` naming file and line for an unknown extension, a malformed line,
    ///   a node id that is not in the network, or a node listed twice; `.empty` when no line
    ///   assigns a module.
    public static func read(path: String, network: Network) throws -> [[Int]] {
        let name = (path as NSString).lastPathComponent
        let base = name.hasSuffix(".gz") ? String(name.dropLast(3)) : name
        let isTree = base.hasSuffix(".tree")
        guard isTree || base.hasSuffix(".clu") else {
            throw InfoMapError.invalidOption(name: "--cluster-data", value: path, expected: "a .clu or .tree file")
        }
        return try parse(readAllBytes(path, errors: InfoMapError.self, text: true), file: name, isTree: isTree, network: network)
    }

    /// Parses the bytes of a `.clu` (`isTree == false`) or `.tree` file; `file` names it in errors.
    /// - Throws: as `read(path:network:)`.
    public static func parse(_ bytes: [UInt8], file name: String, isTree: Bool, network: Network) throws -> [[Int]] {
        let text = String(decoding: bytes, as: UTF8.self)
        // Labels beyond Int32 would overflow the module numbering (and no network has that many modules).
        let maxLabel = Int(Int32.max)
        // Infomap's trees are a few levels deep; thousands of levels (fuzzing found a 600-level path)
        // made the evaluation quadratic in the depth, and deeper ones would exhaust the stack.
        let maxLevels = 256
        var index: [Int: Int] = [:]
        for (i, id) in network.ids.enumerated() { index[id] = i }
        var paths = [[Int]?](repeating: nil, count: network.numNodes)
        var lineOf = [Int](repeating: 0, count: network.numNodes)
        var lineNo = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("*") { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let p: [Int]
            let idField: Substring
            if isTree {
                let parts = fields[0].split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
                guard fields.count >= 3, parts.count >= 2, parts.allSatisfy({ $0 != nil && $0! >= 1 && $0! <= maxLabel }) else {
                    throw InfoMapError.malformedLine(
                        file: name, line: lineNo, text: line,
                        expected: "path flow \"name\" node_id, with a path like 1:2:3 of integers in 1...\(maxLabel)")
                }
                guard parts.count - 1 <= maxLevels else {
                    throw InfoMapError.malformedLine(
                        file: name, line: lineNo, text: line,
                        expected: "a path of at most \(maxLevels) module levels (this one has \(parts.count - 1))")
                }
                p = parts.dropLast().map { $0! - 1 }
                idField = fields[fields.count - 1]
            } else {
                guard fields.count == 2 || fields.count == 3, let m = Int(fields[1]), m >= 0, m < maxLabel else {
                    throw InfoMapError.malformedLine(
                        file: name, line: lineNo, text: line,
                        expected: "node_id module [flow] with an integer module in 0..<\(maxLabel)")
                }
                p = [m]
                idField = fields[0]
            }
            guard let id = Int(idField), let i = index[id] else {
                throw InfoMapError.malformedLine(file: name, line: lineNo, text: line, expected: "a node id of the network")
            }
            guard paths[i] == nil else {
                throw InfoMapError.malformedLine(
                    file: name, line: lineNo, text: line,
                    expected: "each node once (node id \(id) is already on line \(lineOf[i]))")
            }
            paths[i] = p; lineOf[i] = lineNo
        }
        guard var next = paths.compactMap({ $0?[0] }).max().map({ $0 + 1 }) else {
            throw InfoMapError.empty(file: name, expected: isTree ? "lines \"path flow name node_id\"" : "lines \"node_id module\"")
        }
        return paths.map { p in
            if let p { return p }
            next += 1
            return [next - 1]
        }
    }
}
