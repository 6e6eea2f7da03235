/// Su's hand-written word filter `is_good(w)` as configurable predicates.
///
/// A word passes iff every enabled rule accepts it; `extra` adds caller predicates. The defaults
/// hold the characters and bigrams the digest of the article lists; the article's full lists of
/// ~40 suffix characters and ~150 trailing bigrams are longer (extend the sets as needed).
/// References: kexue.fm/archives/6540 §1.4.
public struct RuleFilter: Sendable {
    /// Shortest word accepted, in characters.
    public var minLength = 2
    /// Require every character to be a CJK ideograph.
    public var requireCJK = true
    /// No character of the word may be in this set (degree/comparison words and particles).
    public var forbiddenChars: Set<Character> = Set("较很越增多少大小长短高低好差的了这那到")
    /// The word may not end with one of these characters.
    public var badLastChars: Set<Character> = Set("为一人给内中后省市局院上所在有与及厂稿下厅部商者从奖出")
    /// The word may not start with one of these characters.
    public var badFirstChars: Set<Character> = Set("每各该个被其从与及当为")
    /// The word may not end with one of these bigrams.
    public var badLastBigrams: Set<String> = ["问题", "市场", "工作", "管理", "公司", "项目", "专家", "如图", "见表"]
    /// The word may not start with one of these bigrams.
    public var badFirstBigrams: Set<String> = ["考虑", "图中", "每个", "一个", "随着", "是否"]
    /// The word may not contain any of these strings.
    public var forbiddenSubstrings: [String] = ["博士", "硕士", "研究生", "进一步"]
    /// Reject words made of one repeated character.
    public var rejectRepeated = true
    /// Reject 2-character words starting with a Chinese numeral 一…十.
    public var rejectNumeralPairs = true
    /// The word must contain a character outside this set (OCR/segmentation noise).
    public var simpleStrokeChars: Set<Character> = Set("一七厂月二夕气产兰丫")
    /// Further caller predicates; all must accept.
    public var extra: [@Sendable (String) -> Bool] = []

    /// Creates the article's default filter.
    public init() {}

    /// Whether `w` passes every rule.
    public func isGood(_ w: String) -> Bool {
        let chars = Array(w)
        guard chars.count >= minLength else { return false }
        if requireCJK && !w.unicodeScalars.contains(where: { (0x4E00...0x9FA5).contains($0.value) }) { return false }
        if chars.contains(where: { forbiddenChars.contains($0) }) { return false }
        if let l = chars.last, badLastChars.contains(l) { return false }
        if let f = chars.first, badFirstChars.contains(f) { return false }
        if chars.count >= 2 {
            if badLastBigrams.contains(String(chars.suffix(2))) { return false }
            if badFirstBigrams.contains(String(chars.prefix(2))) { return false }
        }
        if forbiddenSubstrings.contains(where: { w.contains($0) }) { return false }
        if rejectRepeated && chars.count > 1 && Set(chars).count == 1 { return false }
        if rejectNumeralPairs && chars.count == 2 && "一二三四五六七八九十".contains(chars[0]) { return false }
        if !simpleStrokeChars.isEmpty && chars.allSatisfy({ simpleStrokeChars.contains($0) }) { return false }
        return extra.allSatisfy { $0(w) }
    }
}
