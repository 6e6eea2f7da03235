// The fuzz targets of module RelationExtraction (its readers only), chosen by FUZZ_TARGET.
let fuzzTargets: [String: (UnsafePointer<UInt8>, Int) -> Void] = [
    "iejson": fuzz_iejson,
    "ieschema": fuzz_ieschema,
]
