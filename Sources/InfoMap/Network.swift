/// A weighted network built in memory or read from a file.
///
/// Nodes are dense indices `0..<numNodes`; each carries the id used in output files (`ids`) and a
/// name. Parallel links are merged by summing their weights; for an undirected network the pair
/// is stored once as (min, max). Self-links are kept (they add node flow, never enter/exit flow).
///
/// ```swift
/// var net = Network(directed: false)
/// net.addLink(0, 1); net.addLink(1, 2, weight: 2)
/// ```
/// References: articles digest §4.3; mapequation/infomap 2.x network input.
public struct Network: Sendable {
    /// Whether links are directed (the flow model is chosen separately; see `FlowOptions`).
    public var directed: Bool
    /// External id of each node (link-list id or Pajek vertex number).
    public private(set) var ids: [Int] = []
    /// Name of each node (Pajek label, else the id as text).
    public private(set) var names: [String] = []
    /// Merged links as (source index, target index) -> weight, in first-seen order.
    public private(set) var linkSources: [Int32] = []
    public private(set) var linkTargets: [Int32] = []
    public private(set) var linkWeights: [Double] = []
    private var indexOfId: [Int: Int32] = [:]
    private var linkIndex: [UInt64: Int] = [:]
    /// False after a bulk load: the two lookup tables are built on the first `addNode`/`addLink`.
    private var indexed = true

    /// An empty network.
    public init(directed: Bool = false) { self.directed = directed }

    /// Number of nodes.
    public var numNodes: Int { ids.count }
    /// Number of merged links.
    public var numLinks: Int { linkWeights.count }

    /// Adds (or finds) the node with external id `id`; returns its dense index.
    @discardableResult
    public mutating func addNode(_ id: Int, name: String? = nil) -> Int {
        precondition(id >= 0, "Network.addNode: negative id \(id)")
        if !indexed { buildIndexes() }
        if let i = indexOfId[id] {
            if let name { names[Int(i)] = name }
            return Int(i)
        }
        let i = Int32(ids.count)
        indexOfId[id] = i
        ids.append(id)
        names.append(name ?? String(id))
        return Int(i)
    }

    /// Adds a link between external ids (creating nodes as needed). Parallel links sum.
    /// - Precondition: `weight` is finite and non-negative.
    public mutating func addLink(_ source: Int, _ target: Int, weight: Double = 1) {
        precondition(weight.isFinite && weight >= 0, "Network.addLink: weight \(weight)")
        var s = Int32(addNode(source)), t = Int32(addNode(target))
        if !directed && t < s { swap(&s, &t) }
        let key = UInt64(UInt32(s)) << 32 | UInt64(UInt32(t))
        if let k = linkIndex[key] {
            linkWeights[k] += weight
        } else {
            linkIndex[key] = linkWeights.count
            linkSources.append(s); linkTargets.append(t); linkWeights.append(weight)
        }
    }

    /// A network from already merged nodes and links (the link-list reader's fast path).
    init(directed: Bool, ids: [Int], linkSources: [Int32], linkTargets: [Int32], linkWeights: [Double]) {
        self.directed = directed
        self.ids = ids
        self.names = ids.map { String($0) }
        self.linkSources = linkSources; self.linkTargets = linkTargets; self.linkWeights = linkWeights
        indexed = false
    }

    /// Builds the id and link lookup tables after a bulk load.
    private mutating func buildIndexes() {
        indexed = true
        indexOfId.reserveCapacity(ids.count)
        for (i, id) in ids.enumerated() { indexOfId[id] = Int32(i) }
        linkIndex.reserveCapacity(linkWeights.count)
        for k in linkWeights.indices { linkIndex[UInt64(UInt32(linkSources[k])) << 32 | UInt64(UInt32(linkTargets[k]))] = k }
    }

    /// Total link weight.
    public var totalWeight: Double { linkWeights.reduce(0, +) }
}
