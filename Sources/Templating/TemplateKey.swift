#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A name a template looks up (`name`, `docLines`, `@first`), interned: templates are compiled
/// to keys, and a view model finds its answer from the key's small `number` (the emitters map
/// it to an enum through a table), so no lookup compares strings.
public struct TemplateKey: Hashable, Sendable, CustomStringConvertible {
    let id: Int32

    /// The key for `name`: equal to every other key made from the same name.
    public init(_ name: String) { id = KeyTable.shared.intern(name) }

    /// The name as written in templates.
    public var name: String { KeyTable.shared.name(of: id) }
    public var description: String { name }

    /// The key's number: names are numbered 0, 1, 2… as they are first interned, so a view
    /// model can index a small table by it instead of comparing the key case by case.
    public var number: Int { Int(id) }

    private init(id: Int32) { self.id = id }

    // The renderer's own names, interned first (in `KeyTable.itemNames` order) so that
    // `isItemKey` is one comparison. Made from their numbers, they are constants: made from
    // their names, each use would first check that the global was initialized.
    static let dot = TemplateKey(id: 0)
    static let first = TemplateKey(id: 1)
    static let last = TemplateKey(id: 2)
    static let index = TemplateKey(id: 3)

    /// `.`, `@first`, `@last` or `@index`: answered by the item, not its view model.
    var isItemKey: Bool { id < KeyTable.itemKeyCount }
}

/// Every interned name, by number; shared by all threads (emitters render side by side).
private final class KeyTable: @unchecked Sendable {
    static let shared = KeyTable()
    /// The renderer's own names, numbered first: `TemplateKey.dot`, `.first`, `.last`, `.index`
    /// are these numbers.
    private static let itemNames = [".", "@first", "@last", "@index"]
    static let itemKeyCount = Int32(itemNames.count)

    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private var ids: [String: Int32] = [:]
    private var names: [String] = []

    private init() {
        lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        for name in KeyTable.itemNames {
            ids[name] = Int32(names.count)
            names.append(name)
        }
    }

    func intern(_ name: String) -> Int32 {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if let id = ids[name] { return id }
        let id = Int32(names.count)
        ids[name] = id
        names.append(name)
        return id
    }

    func name(of id: Int32) -> String {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return names[Int(id)]
    }
}
