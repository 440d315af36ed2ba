import Dispatch
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@testable import Parallelism

@Suite("Parallelism", .serialized)
struct ParallelismTests {
    @Test func mapKeepsTheElementsOrder() {
        let squares = Concurrently.map(Array(0..<100)) { $0 * $0 }
        #expect(squares == (0..<100).map { $0 * $0 })
    }

    @Test func pendingWorkGivesItsResultToEveryWait() {
        let pending = Pending { (1...1000).reduce(0, +) }
        #expect(pending.wait() == 500_500)
        #expect(pending.wait() == 500_500)
        #expect(pending.resultIfDone() == 500_500)
    }

    /// Work on a serial queue runs in the order it was started, and asking for a result that
    /// is not made yet does not wait for it.
    @Test func pendingWorkOnASerialQueueRunsInOrder() {
        let queue = DispatchQueue(label: "test")
        let gate = DispatchSemaphore(value: 0)
        let first = Pending(on: queue) { () -> Int in
            gate.wait()
            return 1
        }
        let second = Pending(on: queue) { 2 }
        #expect(first.resultIfDone() == nil)
        #expect(second.resultIfDone() == nil)
        gate.signal()
        #expect(second.wait() == 2)
        #expect(first.resultIfDone() == 1)
    }

    /// A value given up to `release` is freed on another thread.
    @Test func releasedValuesAreFreedOnAnotherThread() {
        let freed = DispatchSemaphore(value: 0)
        let thread = UnsafeMutablePointer<pthread_t?>.allocate(capacity: 1)
        thread.initialize(to: nil)
        defer { thread.deallocate() }
        let value = FreedOnThread(freed: freed, thread: thread)
        Concurrently.release(consume value)
        freed.wait()
        #expect(thread.pointee.map { pthread_equal($0, pthread_self()) == 0 } == true)
    }

    /// The consumer gets the head, then every element in order, however far ahead or behind
    /// the worker is: here the worker is slowed down for the first elements.
    @Test func prefetchHandsOverTheHeadThenTheElementsInOrder() {
        let prefetch = Prefetch(count: 50) {
            (0..<50).map { "item \($0)" }
        } element: { names, index in
            if index < 5 { pauseBriefly() }
            return names[index] + " made"
        }
        #expect(prefetch.head.count == 50)
        var made: [String] = []
        for _ in 0..<50 { made.append(prefetch.next()) }
        #expect(made == (0..<50).map { "item \($0) made" })
        #expect(prefetch.head.first == "item 0")
    }
}

/// Says on which thread it was freed.
private final class FreedOnThread: @unchecked Sendable {
    let freed: DispatchSemaphore
    let thread: UnsafeMutablePointer<pthread_t?>

    init(freed: DispatchSemaphore, thread: UnsafeMutablePointer<pthread_t?>) {
        self.freed = freed
        self.thread = thread
    }

    deinit {
        thread.pointee = pthread_self()
        freed.signal()
    }
}

/// A short wait on the worker's thread, so that the consumer catches up with it.
private func pauseBriefly() {
    let semaphore = DispatchSemaphore(value: 0)
    _ = semaphore.wait(timeout: .now() + .milliseconds(2))
}
