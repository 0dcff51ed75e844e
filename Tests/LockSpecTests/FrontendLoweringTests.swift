import LockCheck
import XCTest

@testable import LockSpec

final class FrontendLoweringTests: XCTestCase {
  static let refcount = """
    spec: examples/refcount-broken
    title: Refcount release that reads the count after dropping it
    description: |
      Two threads drop their reference; the one that sees the count reach 0 frees the object.
    sources:
      - "v4.13.9 kernel/fork.c mmput()"

    state:
      users:  {type: counter, max: 2, initial: 2}
      object: {type: resource}

    threads:
      putter:
        count: 2
        locals:
          last: {type: bool}
        steps:
          - label: dec
            code: "atomic_dec(&obj->users);"
            at: lib/example.c:put_object
            dec: users
          - label: read_count
            code: "if (atomic_read(&obj->users) == 0)"
            assign: {last: "users == 0"}
          - if: "last"
            then:
              - label: free_object
                code: "kfree(obj);"
                free: object

    properties:
      - name: no_double_free
        check: no_double_free
        expect: violated
    """

  func testDocumentExample() throws {
    let model = try XCTUnwrap(loadSpec(Self.refcount, path: "specs/examples/refcount-broken.yaml"))
    XCTAssertEqual(model.name, "examples/refcount-broken")
    XCTAssertEqual(model.source, "specs/examples/refcount-broken.yaml")
    XCTAssertEqual(
      model.variables,
      [
        VariableIR(name: "users", type: .counter(max: 2), owner: nil, initial: [2]),
        VariableIR(name: "object", type: .resource, owner: nil, initial: [0]),
        VariableIR(name: "putter[0].last", type: .bool, owner: 0, initial: [0]),
        VariableIR(name: "putter[1].last", type: .bool, owner: 1, initial: [0]),
      ])
    XCTAssertEqual(model.threads.map(\.name), ["putter[0]", "putter[1]"])
    let expected: [Instruction] = [
      Instruction(
        kind: .actions([.dec(0)], next: 1),
        origin: StepOrigin(
          label: "dec", code: "atomic_dec(&obj->users);", location: "lib/example.c:put_object", line: 18),
        silent: false),
      Instruction(
        kind: .actions([.assign(2, .binary(.equal, .variable(0), .int(0)))], next: 2),
        origin: StepOrigin(label: "read_count", code: "if (atomic_read(&obj->users) == 0)", line: 22),
        silent: false),
      Instruction(kind: .branch(.variable(2), then: 3, else: 4), origin: StepOrigin(line: 25), silent: true),
      Instruction(
        kind: .actions([.free(1)], next: 4), origin: StepOrigin(label: "free_object", code: "kfree(obj);", line: 27),
        silent: false),
      Instruction(kind: .end, origin: StepOrigin(), silent: false),
    ]
    XCTAssertEqual(model.threads[0].instructions, expected)
    XCTAssertEqual(model.threads[1].instructions[2].kind, .branch(.variable(3), then: 3, else: 4))
    XCTAssertEqual(
      model.properties.map(\.name),
      [
        "no_double_free", "no_use_after_free", "lock_discipline", "deadlock_free", "assertions",
      ])
    XCTAssertEqual(
      model.properties[0],
      PropertyIR(
        name: "no_double_free", check: .noDoubleFree(threads: nil, resources: nil), expect: .violated,
        description: "", line: 32))
    XCTAssertEqual(
      model.properties[4],
      PropertyIR(name: "assertions", check: .assertions(rangeErrors: true), expect: .holds, description: "", line: 0))
  }
}
