// The fuzz targets of module WordMining, chosen by FUZZ_TARGET (scripts/fuzz.sh sets it).
let fuzzTargets: [String: (UnsafePointer<UInt8>, Int) -> Void] = [
    "w2vtext": fuzz_w2vtext,
    "w2vbinary": fuzz_w2vbinary,
    "corpus": fuzz_corpus,
    "vocabulary": fuzz_vocabulary,
    "shards": fuzz_shards,
]
