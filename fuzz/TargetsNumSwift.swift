// The fuzz targets of module NumSwift, chosen by FUZZ_TARGET (scripts/fuzz.sh sets it).
let fuzzTargets: [String: (UnsafePointer<UInt8>, Int) -> Void] = [
    "idx": fuzz_idx,
    "safetensors": fuzz_safetensors,
]
