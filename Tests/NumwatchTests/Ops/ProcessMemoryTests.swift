import App
import Testing

@Suite struct ProcessMemoryTests {
    /// serve and demo set glibc's malloc limits through `mallopt`, found by name at run time: a
    /// libc without it would leave the limits unset. The operator's variables here, so this test
    /// process's allocator is left as it is.
    @Test func theAllocatorIsTunedThroughGlibcsMallopt() {
        #if canImport(Glibc)
        #expect(ProcessMemory.tuneAllocator(environment: ["MALLOC_ARENA_MAX": "8", "MALLOC_MMAP_THRESHOLD_": "131072"]))
        #endif
    }
}
