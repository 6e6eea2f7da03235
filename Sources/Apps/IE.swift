import ArgumentParser

/// `numswift ie`: relation extraction with Su's DGCNN + pointer network (article 6671).
struct IECommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ie",
        abstract: "Relation extraction (DuIE/SKE format): train, predict and score.",
        subcommands: [IETrain.self, IEPredict.self, IEEval.self])
}
