import Foundation
import LockCheck
import LockSpec

// Loads the spec given as the first argument, explores it, and prints each property's verdict
// and the first counterexample: what a program using lockspec as a library does.
let arguments = CommandLine.arguments
guard arguments.count == 2, let text = try? String(contentsOfFile: arguments[1], encoding: .utf8) else {
  print("usage: LockspecConsumer SPEC.yaml")
  exit(2)
}
do {
  let model = try SpecLoader.load(text: text, path: arguments[1], defaultName: "consumer")
  let result = try Interpreter(model: model).explore()
  for property in result.properties {
    print("\(property.name): \(property.verdict.rawValue)")
  }
  if let counterexample = result.properties.compactMap(\.counterexample).first {
    print(CounterexampleRenderer().render(counterexample))
  }
} catch {
  print("error: \(error)")
  exit(2)
}
