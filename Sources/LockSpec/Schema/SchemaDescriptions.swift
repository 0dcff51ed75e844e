/// What each key of the spec and patch formats means, as editors show it on hover: short
/// summaries of docs/spec-language.md, docs/patches.md and docs/patch-check.md, by context.
/// `SpecSchema` looks every key of the parser's tables up here; `SchemaCommandTests` fails
/// when one has no entry.
enum SchemaDescriptions {
  static let spec: [String: String] = [
    "spec": "The variant's name. Default: the file's path below the specs folder, without .yaml.",
    "title": "A one-line title.",
    "description": "Free text: what the spec models and what it shows.",
    "sources": "What the spec models: kernel versions, files and functions, mail Message-IDs (free text).",
    "params": "Integers the spec can be scaled by, each with a default and an optional range; "
      + "--param NAME=VALUE sets one for a run. A parameter's name may stand wherever an integer goes.",
    "state": "The shared variables, in order: locks, counters, flags, resources, bools, ints and enums.",
    "procedures": "Procedures: named step lists inlined at each `call`.",
    "threads": "The threads, in order (the order is the thread index). At least one is required.",
    "properties": "The properties to check, each with the verdict it is expected to get.",
    "vocabulary": "What the lines of a kernel diff mean in this model (lock expressions and C statements); "
      + "read only by `check --patch FILE.patch`, never part of the model.",
  ]

  static let parameter: [String: String] = [
    "default": "The value used unless --param sets another.",
    "min": "The smallest value --param may set.",
    "max": "The largest value --param may set.",
    "description": "What the parameter scales.",
  ]

  static let variable: [String: String] = [
    "type": "The variable's type; it decides which other keys and which operations apply.",
    "writer_priority": "rwsem only: true (the default) makes a waiting writer block new readers; "
      + "false lets readers overtake it.",
    "max_read_holds": "rwsem only: the most read holds one thread may take at once (1 to 255, default 3).",
    "min": "int only (required): the smallest value.",
    "max": "counter (required, at least 1) and int (required): the largest value.",
    "values": "enum only (required): the distinct value names, the first being the default initial value.",
    "initial": "The initial value, `any` for every value of the type, or a list of values "
      + "(each combination is an initial state). Defaults: 0, false, live, min, or the first enum value.",
  ]

  static let variableTypes: [String: String] = [
    "rwsem": "a read-write semaphore (down_read, up_read, down_write, up_write, the trylocks)",
    "mutex": "a sleeping lock (lock, unlock, trylock)",
    "spinlock": "a spinning lock (lock, unlock, trylock)",
    "counter": "an atomic count from 0 to max (inc, dec, dec_and_test, inc_not_zero, read)",
    "flag": "a bit (set, clear, test, test_and_set)",
    "resource": "an object with a lifetime, live or freed (free, use)",
    "bool": "true or false, set with assign",
    "int": "an integer from min to max, set with assign",
    "enum": "one of the names under values, set with assign",
  ]

  static let thread: [String: String] = [
    "count": "How many identical instances run these steps (1 to 64, default 1); "
      + "more than one makes name[0], name[1], ...",
    "locals": "Variables each instance has its own copy of.",
    "steps": "What the thread does, in order. An empty list is a thread that has ended from the start.",
  ]

  static let procedure: [String: String] = [
    "locals": "Locals added to every thread that calls the procedure.",
    "returns": "The type each `return` gives back (bool or int); omit it for a procedure without a result.",
    "steps": "The procedure's steps, inlined at each call.",
  ]

  static let step: [String: String] = [
    "label": "The step's name, unique in the spec: patches, `thread@label` and reports name the step by it.",
    "code": "The C statement the step models, printed in counterexamples.",
    "at": "Where that code is: file:function, e.g. mm/mmap.c:exit_mmap.",
    "note": "Free text.",
    "into": "A local of the thread that receives the action's result.",
    "property": "The property a failing assert violates (default: assertions).",
    "then": "The steps run when the `if` condition holds (may be empty).",
    "else": "The steps run when it does not.",
    "assign": "Sets bool, int or enum variables: a mapping of names to expressions, all read from "
      + "the state before the step.",
    "assert": "A bool expression; when false it violates `property` (default: assertions).",
    "await": "Blocks until the bool expression holds.",
    "if": "A bool expression choosing between `then` and `else`.",
    "loop": "A loop: at most `max` iterations, or without `max` one that may run forever.",
    "goto": "Jumps forward to a label later in the same thread or procedure.",
    "choose": "A nondeterministic choice between at least two step lists (a branch may be empty).",
    "atomic": "Steps run as one transition (actions and `if` only, no labels inside).",
    "call": "Inlines the named procedure here.",
    "return": "Leaves the procedure, with the value of the expression when it `returns` a type.",
    "break": "Leaves the innermost loop. Written as the bare word `break`, or `break:` with no value.",
    "continue": "Starts the next iteration of the innermost loop.",
  ]

  static let operations: [Operation: String] = [
    .downRead: "Takes the rwsem for read; blocks while a writer holds it or (writer priority) waits for it.",
    .upRead: "Releases a read hold of the rwsem.",
    .downWrite: "Takes the rwsem for write; blocks while it is held.",
    .upWrite: "Releases the rwsem held for write.",
    .downReadTrylock: "Tries to take the rwsem for read without blocking; `into` gets whether it did.",
    .downWriteTrylock: "Tries to take the rwsem for write without blocking; `into` gets whether it did.",
    .lock: "Takes the mutex or spinlock; blocks while it is held.",
    .unlock: "Releases the mutex or spinlock.",
    .trylock: "Tries to take the mutex or spinlock without blocking; `into` gets whether it did.",
    .inc: "Adds 1 to the counter; leaving 0...max violates `assertions`.",
    .dec: "Subtracts 1 from the counter; leaving 0...max violates `assertions`.",
    .decAndTest: "Subtracts 1 from the counter; `into` gets whether it reached 0.",
    .incNotZero: "Adds 1 to the counter unless it is 0; `into` gets whether it was not 0.",
    .read: "Reads the counter into the local named by `into` (required).",
    .set: "Sets the flag.",
    .clear: "Clears the flag.",
    .test: "Reads the flag into the local named by `into` (required).",
    .testAndSet: "Sets the flag; `into` gets its old value.",
    .free: "Frees the resource (or each of a list); freeing a freed one violates `no_double_free`.",
    .use: "Uses the resource (or each of a list); using a freed one violates `no_use_after_free`.",
  ]

  static let loop: [String: String] = [
    "max": "The most iterations, 1 to 1000. Without it the loop may run forever (a retry loop).",
    "while": "A bool expression checked before each iteration.",
    "steps": "The loop body.",
  ]

  static let property: [String: String] = [
    "name": "The property's name, unique in the spec.",
    "description": "What the property says.",
    "check": "What kind of property it is; the check decides which other keys apply.",
    "condition": "The bool expression of never, always, reachable and eventually "
      + "(locals are written thread.local).",
    "from": "leads_to: the bool expression that starts an obligation.",
    "to": "leads_to: the bool expression that must then be reached.",
    "fairness": "eventually and leads_to: weak (the default: every runnable thread eventually moves) or none.",
    "threads": "no_use_after_free, no_double_free, lock_discipline: the threads in scope (default: all); "
      + "a name or a list, `name[i]` for one instance.",
    "resources": "no_use_after_free, no_double_free: the resources in scope (default: all).",
    "locks": "lock_discipline: the locks in scope (default: all).",
    "expect": "The verdict the property should get: holds or violated. Omitted: reported, never judged.",
  ]

  static let vocabulary: [String: String] = [
    "locks": "C lock expressions mapped to the spec's locks, e.g. \"&mm->page_table_lock\": ptl.",
    "statements": "C statements (or, ending in `(`, every call of a function) and the step each becomes.",
  ]

  static let vocabularyStatement: [String: String] = [
    "code": "The C statement, or a function name followed by `(` for every call of it.",
    "at": "file:function the entry is limited to (default: everywhere).",
    "name": "The stem of the labels of the steps it becomes (default: the code's words).",
    "note": "Free text.",
  ]

  static let patch: [String: String] = [
    "patch": "Makes the file a patch, and names it: letters, digits, '.', '_' and '-'. "
      + "Empty: the file name without .yaml.",
    "title": "A one-line title.",
    "description": "Free text: what the patch changes and why.",
    "sources": "Where the proposal comes from: a Message-ID, a commit, a URL (free text).",
    "edits": "The changes to the base spec, applied in order.",
    "variants": "The base specs the patch applies to (at least one), with the verdicts it changes on each.",
  ]

  static let edit: [String: String] = [
    "remove": "Deletes the labelled step, with everything nested in it.",
    "insert_before": "Puts `steps` just before the labelled step, in the same list.",
    "insert_after": "Puts `steps` just after the labelled step, in the same list.",
    "replace": "Puts `steps` in the labelled step's place.",
    "move": "Moves the labelled step to `before` or `after` another step.",
    "add_state": "Appends shared variables, declared as under `state`.",
    "change_state": "Replaces existing shared variables' declarations, each in its place.",
    "add_locals": "Adds locals to a thread or a procedure.",
    "add_threads": "Appends threads, written as under `threads`.",
    "add_procedures": "Adds procedures, written as under `procedures`.",
    "add_properties": "Appends properties, written as under `properties`.",
    "steps": "insert_before, insert_after, replace: the steps to put in (at least one).",
    "before": "move: the label of the step to move it before.",
    "after": "move: the label of the step to move it after.",
    "note": "Free text: why.",
  ]

  static let addLocals: [String: String] = [
    "thread": "The thread that gets the locals (each of its instances).",
    "procedure": "The procedure that gets the locals (so every thread that calls it).",
    "locals": "The locals, declared as under a thread's `locals`.",
  ]

  static let variant: [String: String] = [
    "base": "The base spec file, relative to this patch file.",
    "after": "Patches (files relative to this one) applied first, in order: this patch stacks on them.",
    "expect": "The expectations this patch changes on this chain: property name to holds or violated.",
    "note": "Free text.",
  ]
}
