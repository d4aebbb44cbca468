import Testing

@testable import TashihExtractors

@Suite struct KeyMapTests {
    @Test func agreesWithADictionaryThroughGrowth() {
        var state: UInt64 = 42
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state | 1  // never 0
        }
        var m = KeyMap<Int>()
        var d: [UInt64: Int] = [:]
        var keys: [UInt64] = []
        for i in 0..<5000 {
            let k = i % 7 == 0 && !keys.isEmpty ? keys[i % keys.count] : next()  // some overwrites
            keys.append(k)
            m[k] = i
            d[k] = i
        }
        #expect(m.count == d.count)
        for k in keys { #expect(m[k] == d[k]) }
        for _ in 0..<1000 {
            let k = next()
            #expect(m[k] == d[k])
        }
        #expect(m[0] == nil)
    }
}
