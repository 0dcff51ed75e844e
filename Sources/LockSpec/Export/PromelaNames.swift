/// The Promela identifier of every piece of a model's state, thread and property, fixed once
/// per export so every section of the file spells them alike.
struct PromelaNames {
  /// The fields of one rwsem (the `SlotPlan`'s three slots).
  struct RwsemFields {
    var readers: String
    var writer: String
    var waiters: String
  }

  /// Per variable: its global (empty for an rwsem, whose fields are in `rwsems`).
  var variables: [String] = []
  /// Per variable: the fields of an rwsem, nil for every other type.
  var rwsems: [RwsemFields?] = []
  /// Per thread: its program counter, its waiting-writer bit, and its read holds per rwsem
  /// (keyed like `SlotPlan.readHoldSlots`).
  var pcs: [String] = []
  var waiting: [String] = []
  var readHolds: [[String]] = []
  /// Per thread: the proctype that runs it, the one that stands for it when it has ended before
  /// its first step, and the inline macros that run its silent instructions and check the
  /// locks it holds at its end.
  var proctypes: [String] = []
  var endedProctypes: [String] = []
  var settles: [String] = []
  var endChecks: [String] = []
  /// Per property: the hidden constant its assertions name (`prop_<name>`), and the name of
  /// its LTL claim (liveness properties only use it).
  var properties: [String] = []
  var claims: [String] = []
  /// Fixed helpers.
  let checkState: String
  let violate: String
  let scratch: String
  let boundHit: String

  init(model: ModelIR, rwsemVariables: [Int]) {
    var ids = PromelaIdentifiers()
    checkState = ids.make("check_state")
    violate = ids.make("violate")
    scratch = ids.make("scratch")
    boundHit = ids.make("max_read_holds_exceeded")
    for variable in model.variables {
      if case .rwsem = variable.type {
        variables.append("")
        rwsems.append(
          RwsemFields(
            readers: ids.make(variable.name + "_readers"), writer: ids.make(variable.name + "_writer"),
            waiters: ids.make(variable.name + "_waiters")))
      } else {
        variables.append(ids.make(variable.name))
        rwsems.append(nil)
      }
    }
    for thread in model.threads {
      pcs.append(ids.make("pc_" + thread.name))
      waiting.append(ids.make("waiting_" + thread.name))
      readHolds.append(rwsemVariables.map { ids.make("reads_" + thread.name + "_" + model.variables[$0].name) })
    }
    for thread in model.threads {
      proctypes.append(ids.make(thread.name))
      endedProctypes.append(ids.make(thread.name + "_ended"))
      settles.append(ids.make("settle_" + thread.name))
      endChecks.append(ids.make("ends_" + thread.name))
    }
    for property in model.properties {
      properties.append(ids.make("prop_" + property.name))
      claims.append(ids.make("live_" + property.name))
    }
  }
}
