import Diagnostics
import Testing

@testable import Templating

/// A dictionary-backed context for tests.
struct Context: TemplateContext {
    var values: [String: TemplateValue]
    init(_ values: [String: TemplateValue] = [:]) { self.values = values }
    func value(forKey key: TemplateKey) -> TemplateValue? { values[key.name] }
}

func render(_ template: String, _ values: [String: TemplateValue] = [:], partials: [String: String] = [:]) throws(DiagnosticsError) -> String {
    var templates = partials
    templates["main"] = template
    return try TemplateSet(templates: templates).render("main", context: Context(values))
}

func renderError(_ template: String, _ values: [String: TemplateValue] = [:], partials: [String: String] = [:]) -> String? {
    do {
        _ = try render(template, values, partials: partials)
        return nil
    } catch {
        return error.description
    }
}

@Suite("Template rendering")
struct TemplatingTests {
    @Test func interpolationNeverEscapes() throws {
        #expect(try render("Hello, {{name}}!", ["name": .text("\"<World>\" & 'you'")]) == "Hello, \"<World>\" & 'you'!")
        #expect(try render("{{{name}}} {{&name}}", ["name": .text("a&b")]) == "a&b a&b")
        #expect(try render("{{ name }}", ["name": .text("spaced")]) == "spaced")
        #expect(try render("{{\t name\t }}", ["name": .text("tabbed")]) == "tabbed")
    }

    @Test func dottedNamesAndTheContextStack() throws {
        let inner = Context(["title": .text("inner")])
        #expect(try render("{{a.title}}", ["a": .context(inner)]) == "inner")
        #expect(try render("{{ a.title }}", ["a": .context(inner)]) == "inner")
        // `{{outer}}` inside a section resolves outward.
        #expect(try render("{{#a}}{{title}}/{{outer}}{{/a}}", ["a": .context(inner), "outer": .text("o")]) == "inner/o")
    }

    @Test func sections() throws {
        #expect(try render("[{{#on}}yes{{/on}}{{^on}}no{{/on}}]", ["on": .bool(true)]) == "[yes]")
        #expect(try render("[{{#on}}yes{{/on}}{{^on}}no{{/on}}]", ["on": .bool(false)]) == "[no]")
        #expect(try render("[{{#t}}<{{.}}>{{/t}}]", ["t": .text("x")]) == "[<x>]")
        #expect(try render("[{{#t}}<{{.}}>{{/t}}{{^t}}empty{{/t}}]", ["t": .text("")]) == "[empty]")
        let items = [Context(["n": .text("1")]), Context(["n": .text("2")]), Context(["n": .text("3")])]
        #expect(try render("{{#items}}{{n}}{{^@last}}, {{/@last}}{{/items}}", ["items": .list(items)]) == "1, 2, 3")
        #expect(try render("{{#items}}{{#@first}}first {{/@first}}{{@index}}{{/items}}", ["items": .list(items)]) == "first 012")
        #expect(try render("{{#t}}{{.}};{{/t}}", ["t": .texts(["a", "b"])]) == "a;b;")
        #expect(try render("{{^items}}none{{/items}}", ["items": .list([Context]())]) == "none")
    }


    /// Each level answers its own names; the rest go outward, level by level.
    @Test func nestedListsResolveNamesLevelByLevel() throws {
        let rows = [
            Context(["row": .text("a"), "cells": .texts(["1", "2"])]),
            Context(["row": .text("b"), "cells": .texts(["3"])]),
        ]
        let template = "{{#rows}}{{row}}{{@index}}:{{#cells}}{{row}}{{.}}{{@index}}{{^@last}},{{/@last}}{{/cells}} {{title}}|{{/rows}}"
        #expect(try render(template, ["rows": .list(rows), "title": .text("t")]) == "a0:a10,a21 t|b1:b30 t|")
        // An item of a list of view models has no `{{.}}`: it is the enclosing text section's.
        #expect(try render("{{#t}}{{#rows}}{{.}}{{/rows}}{{/t}}", ["t": .text("x"), "rows": .list(rows)]) == "xx")
        // A text section answers `{{.}}` only; `@index` is still the enclosing item's.
        #expect(try render("{{#rows}}{{#row}}{{.}}{{@index}}{{/row}}{{/rows}}", ["rows": .list(rows)]) == "a0b1")
    }

    /// The renderer's own keys are made from numbers; they must be the numbers their names get.
    @Test func itemKeysAreTheirNames() {
        #expect(TemplateKey(".") == .dot)
        #expect(TemplateKey("@first") == .first)
        #expect(TemplateKey("@last") == .last)
        #expect(TemplateKey("@index") == .index)
        for key in [TemplateKey.dot, .first, .last, .index] { #expect(key.isItemKey) }
        #expect(!TemplateKey("name").isItemKey)
    }

    @Test func standaloneLinesDisappear() throws {
        let template = """
            begin
              {{#items}}
              - {{.}}
              {{/items}}
              {{! a comment on its own line }}
            end

            """
        #expect(try render(template, ["items": .texts(["a", "b"])]) == "begin\n  - a\n  - b\nend\n")
        // Tabs are whitespace too; a no-break space is not, so its line stays.
        #expect(try render("a\n\t {{#on}}\nb\n{{/on}}\n", ["on": .bool(true)]) == "a\nb\n")
        #expect(try render("a\n\u{A0}{{#on}}\nb\n{{/on}}\n", ["on": .bool(true)]) == "a\n\u{A0}\nb\n")
    }

    @Test func standaloneTagsAtTheEndOfTheFile() throws {
        #expect(try render("a\n{{#on}}\nb\n{{/on}}", ["on": .bool(true)]) == "a\nb\n")
        #expect(try render("a\n{{^on}}\nb\n{{/on}}\n", ["on": .bool(true)]) == "a\n")
    }

    @Test func inlineTagsKeepTheirLine() throws {
        #expect(try render(" {{#on}}x{{/on}} \n", ["on": .bool(true)]) == " x \n")
        // Two section tags on one line: not standalone.
        #expect(try render("{{#on}}{{/on}}\n", ["on": .bool(true)]) == "\n")
        // A variable is never standalone.
        #expect(try render("  {{name}}\n", ["name": .text("")]) == "  \n")
    }

    @Test func crlfIsTreatedLikeLF() throws {
        #expect(try render("a\r\n{{#on}}\r\nb\r\n{{/on}}\r\n", ["on": .bool(true)]) == "a\nb\n")
    }

    @Test func standalonePartialsIndentEveryLine() throws {
        let partials = ["item": "line 1\n{{#deep}}\n  nested\n{{/deep}}\n\nline 3 {{value}}\n"]
        let result = try render("struct A {\n    {{>item}}\n}\n", ["deep": .bool(true), "value": .text("v")], partials: partials)
        #expect(result == "struct A {\n    line 1\n      nested\n\n    line 3 v\n}\n")
    }

    @Test func multiLineValuesInIndentedPartialsStayIndented() throws {
        let partials = ["doc": "{{text}}\n"]
        let result = try render("  {{>doc}}\n", ["text": .text("first\nsecond\n\nfourth")], partials: partials)
        #expect(result == "  first\n  second\n\n  fourth\n")
    }

    @Test func inlinePartialsAreNotIndented() throws {
        #expect(try render("<{{>p}}>", partials: ["p": "x\ny"]) == "<x\ny>")
    }

    @Test func recursivePartialsRenderNestedTrees() throws {
        struct Node: TemplateContext {
            var name: String
            var children: [Node]
            func value(forKey key: TemplateKey) -> TemplateValue? {
                switch key.name {
                case "name": .text(name)
                case "children": .list(children)
                default: nil
                }
            }
        }
        let tree = Node(name: "A", children: [Node(name: "B", children: [Node(name: "C", children: [])]), Node(name: "D", children: [])])
        let templates = ["type": "struct {{name}} {\n{{#children}}\n    {{>type}}\n{{/children}}\n}\n", "main": "{{>type}}"]
        let result = try TemplateSet(templates: templates).render("main", context: tree)
        #expect(result == "struct A {\n    struct B {\n        struct C {\n        }\n    }\n    struct D {\n    }\n}\n")
    }

    @Test func unknownNamesAreErrorsWithPositions() {
        #expect(renderError("line\n  {{nope}}") == "main.mustache:2:3: error: unknown name 'nope' in template")
        #expect(renderError("{{#nope}}x{{/nope}}") == "main.mustache:1:1: error: unknown name 'nope' in template")
        #expect(renderError("{{>missing}}") == "main.mustache:1:1: error: no partial template named 'missing'")
    }

    @Test func syntaxErrorsHavePositions() {
        #expect(renderError("a\n{{#open}}\nb") == "main.mustache:2:1: error: section '{{#open}}' is never closed")
        #expect(renderError("{{#a}}{{/b}}", ["a": .bool(true)]) == "main.mustache:1:7: error: '{{/b}}' does not close an open section; expected '{{/a}}'")
        #expect(renderError("text {{unclosed") == "main.mustache:1:6: error: unterminated tag: '{{' without '}}'")
        #expect(renderError("{{/stray}}") == "main.mustache:1:1: error: '{{/stray}}' does not close an open section; expected no closing tag")
    }

    @Test func overridesReplaceFileByFile() throws {
        let builtin = try TemplateSet(templates: ["main": "[{{>part}}]", "part": "builtin"])
        let custom = try builtin.overriding(with: ["part": "custom"])
        #expect(try builtin.render("main", context: Context()) == "[builtin]")
        #expect(try custom.render("main", context: Context()) == "[custom]")
    }

    @Test func selfIncludingPartialsStop() {
        #expect(renderError("{{>loop}}", partials: ["loop": "{{>loop}}"])?.contains("partials nest more than 64 deep") == true)
    }

    @Test func oversizedTemplatesAreRefused() {
        let huge = String(repeating: "x", count: TemplateSet.maximumTemplateBytes + 1)
        #expect(renderError("ok", partials: ["huge": huge]) == "huge.mustache:1:1: error: template is larger than 64 MiB")
    }
}
