// Helpers shared by the test targets.

/// A unified line diff with a little context, enough to see what changed in a golden or a
/// recorded transcript.
public enum LineDiff {
    public static func unified(_ old: String, _ new: String, context: Int = 2, limit: Int = 80) -> String {
        let oldLines = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let newLines = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let difference = newLines.difference(from: oldLines)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        // Walk both files in step, printing changed lines with a little context.
        var output: [String] = []
        var oldIndex = 0
        var newIndex = 0
        var lastPrinted = -10
        while oldIndex < oldLines.count || newIndex < newLines.count {
            if oldIndex < oldLines.count, removed.contains(oldIndex) {
                output.append("-\(oldIndex + 1): \(oldLines[oldIndex])")
                oldIndex += 1
                lastPrinted = newIndex
            } else if newIndex < newLines.count, inserted.contains(newIndex) {
                output.append("+\(newIndex + 1): \(newLines[newIndex])")
                newIndex += 1
                lastPrinted = newIndex
            } else {
                let nearChange = (newIndex - lastPrinted) < context
                    || (1...context).contains { newIndex + $0 < newLines.count && inserted.contains(newIndex + $0) }
                    || (1...context).contains { oldIndex + $0 < oldLines.count && removed.contains(oldIndex + $0) }
                if nearChange, newIndex < newLines.count { output.append(" \(newIndex + 1): \(newLines[newIndex])") }
                oldIndex += 1
                newIndex += 1
            }
            if output.count >= limit {
                output.append("... (more differences)")
                break
            }
        }
        if old.hasSuffix("\n") != new.hasSuffix("\n") { output.append("(only one of them ends with a newline)") }
        return output.joined(separator: "\n")
    }
}
