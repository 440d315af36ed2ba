// The built-in templates, compiled into the generator so it needs no files at run time
// (the plugins run it from a build directory). `Templates/Swift/*.mustache` is the source;
// a test checks that this list names every file there.

public enum BuiltinTemplates {
    /// Template name (file name without `.mustache`) → template text.
    public static let all: [String: String] = [
        "Models.swift": text(PackageResources.Models_swift_mustache),
        "Client.swift": text(PackageResources.Client_swift_mustache),
        "type": text(PackageResources.type_mustache),
        "struct": text(PackageResources.struct_mustache),
        "enum": text(PackageResources.enum_mustache),
        "union": text(PackageResources.union_mustache),
        "alias": text(PackageResources.alias_mustache),
        "validation": text(PackageResources.validation_mustache),
        "resourceBody": text(PackageResources.resourceBody_mustache),
        "operation": text(PackageResources.operation_mustache),
        "responseSwitch": text(PackageResources.responseSwitch_mustache),
    ]

    private static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
