import LockSpec

/// The files `lockspec init NAME` writes: a starter spec that points editors at the schema,
/// the schema itself, and a .gitignore for the verdict cache.
struct ProjectScaffold {
  /// The project's folder, and the name of its spec.
  let name: String

  /// Letters, digits, `.`, `_` and `-`, not starting with `.` or `-`: a folder and a file name.
  static func isValidName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first != ".", first != "-" else { return false }
    return name.unicodeScalars.allSatisfy {
      $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0))
    }
  }

  /// Each file's path (below the current folder) and contents, in the order they are written.
  var files: [(path: String, text: String)] {
    [
      ("\(name)/specs/\(name).yaml", starterSpec),
      ("\(name)/schema/lockspec.schema.json", SpecSchema.document.text),
      ("\(name)/.gitignore", "# lockspec check's verdict cache\n.build/\n"),
    ]
  }

  /// One thread taking and releasing one mutex: valid, and every property holds.
  var starterSpec: String {
    """
    # yaml-language-server: $schema=../schema/lockspec.schema.json
    # A lockspec spec: shared state, threads made of steps, and properties with the verdict each
    # should get. The language is described in docs/spec-language.md of lockspec.
    title: One thread taking and releasing a lock
    state:
      a: {type: mutex}
    threads:
      first:
        steps:
          - {label: first_lock_a, code: "mutex_lock(&a);", lock: a}
          - {label: first_unlock_a, code: "mutex_unlock(&a);", unlock: a}
    properties:
      - name: deadlock_free
        check: deadlock_free
        expect: holds

    """
  }
}
