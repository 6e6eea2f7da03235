import ArgumentParser
import Foundation
import InfoMap
import NumSwiftSupport

/// `numswift infomap FILE OUTDIR`: the two-level or multilevel map equation with official Infomap 2.x flags.
struct InfomapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infomap",
        abstract: "Find flow communities with the map equation (Infomap 2.x flags and output formats).")

    @Argument(help: "Network file: link list 'source target [weight]' or Pajek .net (gzip ok).")
    var file: String
    @Argument(help: "Output directory.")
    var outDir: String
    @Flag(name: [.customShort("d"), .long], help: "Directed links (PageRank flow).")
    var directed = false
    @Flag(name: .long, help: "Two-level partition (default: multilevel).")
    var twoLevel = false
    @Option(name: [.customShort("N"), .long], parsing: .unconditional, help: "Number of trials; the best is kept.")
    var numTrials = 1
    @Option(name: [.customShort("s"), .long], parsing: .unconditional, help: "Random seed.")
    var seed: UInt64 = 123
    @Flag(name: [.customShort("e"), .long], help: "Encode teleportation steps.")
    var recordedTeleportation = false
    @Flag(name: .long, help: "Teleport to nodes uniformly instead of to links.")
    var toNodes = false
    @Option(name: [.customShort("p"), .long], parsing: .unconditional, help: "Teleportation probability.")
    var teleportationProbability = 0.15
    @Option(name: [.customShort("o"), .long], help: "Output formats, comma separated: clu,tree,ftree,json.")
    var output = "tree"
    @Option(name: .long, help: "Output file name (default: input name without extension).")
    var outName: String?
    @Option(name: .long, help: "A given partition: .clu (two-level) or .tree (multilevel) file; needs --no-infomap.")
    var clusterData: String?
    @Flag(name: .long, help: "Don't search: evaluate and write the --cluster-data partition.")
    var noInfomap = false
    @Flag(name: .long, help: "FILE is a word2vec text file: build a directed kNN cosine graph (Su's word clustering).")
    var word2vec = false
    @Option(name: .long, parsing: .unconditional, help: "Neighbours per word for --word2vec.")
    var knn = 40
    @Option(name: .long, parsing: .unconditional, help: "Minimum cosine for a kNN link (--word2vec).")
    var knnThreshold: Float = 0.5
    @Flag(name: .long, help: "Print a JSON summary as the last stdout line.")
    var json = false
    @OptionGroup var threadOptions: ThreadOptions

    func run() throws {
        try threadOptions.apply()
        guard numTrials >= 1 else { throw OptionError("--num-trials must be >= 1, got \(numTrials)") }
        guard teleportationProbability.isFinite, teleportationProbability >= 0 && teleportationProbability < 1 else {
            throw OptionError("--teleportation-probability must be in [0, 1), got \(teleportationProbability)")
        }
        let formats = output.split(separator: ",").map { String($0) }
        guard !formats.isEmpty else {
            throw OptionError("-o '\(output)': no output format; expected one or more of clu, tree, ftree, json (comma separated)")
        }
        for f in formats where !["clu", "tree", "ftree", "json"].contains(f) {
            throw OptionError("-o: unsupported format \(f); expected clu, tree, ftree or json")
        }
        if let outName {
            guard !outName.isEmpty, !outName.contains("/"), outName != ".", outName != ".." else {
                throw OptionError("--out-name '\(outName)': expected a plain file name without '/' (outputs go into OUTDIR)")
            }
        }
        guard knnThreshold.isFinite, knnThreshold >= 0, knnThreshold <= 1 else {
            throw OptionError("--knn-threshold \(knnThreshold): expected a cosine in [0, 1] (link weights must be non-negative)")
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: outDir, isDirectory: &isDir), isDir.boolValue else {
            throw OptionError("OUTDIR \(outDir) is not an existing directory")
        }
        // Checked before the search so a long run does not end in a failed write.
        guard access(outDir, W_OK) == 0 else {
            throw OptionError("OUTDIR \(outDir) is not writable (\(String(cString: strerror(errno))))")
        }
        guard (clusterData != nil) == noInfomap else {
            throw OptionError(
                noInfomap
                    ? "--no-infomap needs --cluster-data FILE (the partition to evaluate)"
                    : "--cluster-data is supported with --no-infomap only (as a fixed partition, not a starting point)")
        }
        let t0 = Date()
        // Progress on stderr: one line rewritten in place on a terminal, plain lines otherwise.
        var progress = ProgressLine(timeFormat: "[%6.2f s] ")
        guard knn >= 1 else { throw OptionError("--knn must be >= 1, got \(knn)") }
        let network: Network
        if word2vec {
            let (words, vectors, d) = try KNNGraph.readWord2Vec(path: file)
            network = KNNGraph.build(vectors: vectors, n: words.count, d: d, k: knn, threshold: knnThreshold, names: words)
        } else {
            network = try Network.read(path: file, directed: directed)
        }
        let directed = directed || word2vec
        let large = network.numLinks >= 100_000
        let log: ((String) -> Void)? = large ? { progress.update($0, force: true) } : nil
        log?("read \(network.numNodes) nodes, \(network.numLinks) links in \(String(format: "%.2f", Date().timeIntervalSince(t0))) s")
        let flowOptions = FlowOptions(
            directed: directed, recordedTeleportation: recordedTeleportation,
            toNodes: toNodes, teleportationProbability: teleportationProbability)
        let flow = FlowGraph(network: network, options: flowOptions)
        log?("flow model \(flowOptions.name): one-level codelength \(flow.oneLevelCodelength)")
        var options = InfomapOptions()
        options.numTrials = numTrials
        options.seed = seed
        options.twoLevel = twoLevel
        let result =
            try clusterData.map { try Infomap.evaluate(flow, paths: ClusterData.read(path: $0, network: network)) }
            ?? Infomap.run(flow, options: options, progress: log)
        let seconds = Date().timeIntervalSince(t0)
        progress.finish()
        var base = outName ?? (file as NSString).lastPathComponent
        if outName == nil {
            if base.hasSuffix(".gz") { base = String(base.dropLast(3)) }
            if let dot = base.lastIndex(of: ".") { base = String(base[..<dot]) }
        }
        let writer = OutputWriter(
            network: network, flow: flow, result: result, flowModel: flowOptions.name,
            seconds: seconds, command: CommandLine.arguments.joined(separator: " "))
        let tw = Date()
        let written = try writer.write(directory: outDir, name: base, formats: formats)
        log?("wrote \(written.joined(separator: ", ")) in \(String(format: "%.2f", Date().timeIntervalSince(tw))) s")
        progress.finish()
        print(
            "Best codelength \(String(format: "%.9f", result.codelength)) bits in \(result.numTopModules) top modules"
                + " (index \(String(format: "%.9f", result.indexCodelength)), module \(String(format: "%.9f", result.moduleCodelength)),"
                + " one-level \(String(format: "%.9f", result.oneLevelCodelength)), savings \(String(format: "%.4f", result.relativeCodelengthSavings * 100))%)"
        )
        if json {
            printJSONLine(
                InfomapSummary(
                    codelength: result.codelength, oneLevelCodelength: result.oneLevelCodelength,
                    indexCodelength: result.indexCodelength, moduleCodelength: result.moduleCodelength,
                    topModules: result.numTopModules, levels: result.levels, seconds: seconds))
        }
    }
}
