/// The schema of patch files (docs/patches.md): edits and variants, built from
/// `PatchDocumentParser`'s key tables. Steps, variables, threads and properties inside edits
/// use the spec's definitions, as the patch parser uses the spec parser.
extension SpecSchema {
  /// Letters, digits, `.`, `_` and `-` (`PatchDocumentParser.isPatchName`).
  static let patchNamePattern = "^[A-Za-z0-9._-]+$"

  static var patchDefinitions: [(key: String, value: JSONValue)] {
    typealias Parser = PatchDocumentParser
    return [
      (
        "patch",
        described(
          closedMapping(
            keys: Parser.topLevelKeys, descriptions: SchemaDescriptions.patch,
            required: ["patch", "edits", "variants"],
            value: { key in
              switch key {
              case "patch":
                return .object([
                  ("type", .strings(["string", "number", "null"])), ("pattern", .string(patchNamePattern)),
                ])
              case "title", "description": return ref("text")
              case "sources": return list(ref("text"))
              case "edits": return list(ref("edit"))
              case "variants": return list(ref("variant"), atLeastOne: true)
              default: return .object([])
              }
            }),
          "A patch proposal: edits to base specs, and the verdicts they change (docs/patches.md).")
      ),
      ("edit", edit),
      (
        "addLocals",
        closedMapping(
          keys: Parser.addLocalsKeys, descriptions: SchemaDescriptions.addLocals, required: ["locals"],
          value: { key in
            key == "locals" ? namedMapping(ref("variable"), atLeastOne: true) : ref("name")
          },
          extra: [
            (
              "oneOf",
              .array([.object([("required", .strings(["thread"]))]), .object([("required", .strings(["procedure"]))])])
            )
          ])
      ),
      (
        "variant",
        closedMapping(
          keys: Parser.variantKeys, descriptions: SchemaDescriptions.variant, required: ["base"],
          value: { key in
            switch key {
            case "base", "note": return ref("text")
            case "after": return .object([("anyOf", .array([ref("text"), list(ref("text"))]))])
            case "expect":
              return namedMapping(enumeration(SpecDocumentParser.expectedVerdicts))
            default: return .object([])
            }
          })
      ),
    ]
  }

  /// An edit: exactly one edit key, with the modifiers that fit it.
  static var edit: JSONValue {
    typealias Parser = PatchDocumentParser
    var dependencies: [(key: String, value: JSONValue)] = Parser.editKeys.map { kind in
      let modifiers = Parser.modifierKeys(of: kind)
      var schema: [(key: String, value: JSONValue)] = [("propertyNames", enumeration([kind] + modifiers))]
      if modifiers.contains("steps") { schema.append(("required", .strings(["steps"]))) }
      if modifiers.contains("before") {
        schema.append(
          (
            "oneOf",
            .array([.object([("required", .strings(["before"]))]), .object([("required", .strings(["after"]))])])
          ))
      }
      return (kind, .object(schema))
    }
    for modifier in Parser.editModifierKeys where modifier != "note" {
      let owners = Parser.editKeys.filter { Parser.modifierKeys(of: $0).contains(modifier) }
      dependencies.append(
        (modifier, .object([("anyOf", .array(owners.map { .object([("required", .strings([$0]))]) }))])))
    }
    return closedMapping(
      keys: Parser.editKeys + Parser.editModifierKeys, descriptions: SchemaDescriptions.edit,
      value: { key in
        switch key {
        case "remove", "insert_before", "insert_after", "replace", "move", "before", "after": return ref("name")
        case "steps": return list(ref("step"), atLeastOne: true)
        case "note": return ref("text")
        case "add_state", "change_state": return namedMapping(ref("variable"), atLeastOne: true)
        case "add_locals": return ref("addLocals")
        case "add_threads": return namedMapping(ref("thread"), atLeastOne: true)
        case "add_procedures": return namedMapping(ref("procedure"), atLeastOne: true)
        case "add_properties": return list(ref("property"), atLeastOne: true)
        default: return .object([])
        }
      },
      extra: [
        ("anyOf", .array(Parser.editKeys.map { .object([("required", .strings([$0]))]) })),
        ("dependencies", .object(dependencies)),
      ])
  }
}
