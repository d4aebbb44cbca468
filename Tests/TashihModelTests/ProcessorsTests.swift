import Foundation
import Testing

@testable import TashihModel

/// Worker threads follow the affinity mask (`taskset -c 0` means one), read from
/// `/proc/self/status`'s `Cpus_allowed`.
@Suite struct ProcessorsTests {
    @Test func masksAreCountedBitByBit() {
        #expect(Processors.affinityCount("\t3") == 2)
        #expect(Processors.affinityCount("\t1") == 1)
        #expect(Processors.affinityCount("\t8") == 1)
        #expect(Processors.affinityCount("\tffffffff,00000001") == 33)
        #expect(Processors.affinityCount("\t0") == 0)
        #expect(Processors.affinityCount("\tzz") == 0)
    }

    @Test func theProcessMayRunOnWhatItCounts() {
        // Never more than the machine has, never none.
        #expect(Processors.available >= 1)
        #expect(Processors.available <= max(1, ProcessInfo.processInfo.activeProcessorCount))
    }
}

@Suite struct HeapTests {
    @Test func glibcTakesTheGrowthStep() {
        #if os(Linux)
            #expect(Heap.growInSteps(of: 64 << 20))
            #expect(Heap.growInSteps(of: 128 << 10))  // back to glibc's default for the other tests
        #endif
    }
}
