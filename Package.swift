// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "lockspec",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "lockspec", targets: ["lockspec"]),
    .library(name: "LockCheck", targets: ["LockCheck"]),
    .library(name: "LockSpec", targets: ["LockSpec"]),
  ],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
  ],
  targets: [
    // The runtime: transition systems, the explorer, properties, counterexamples, renderers.
    // Generated models import this; it never sees YAML.
    // LockCheck and LockSpec are compiled with optimization even in debug builds: the explorer
    // and the interpreter run millions of states in `swift run lockspec check specs`.
    .target(name: "LockCheck", swiftSettings: [.unsafeFlags(["-O"])]),
    // The spec language: YAML loading, validation, diagnostics, lowering to the IR, interpreter.
    .target(
      name: "LockSpec",
      dependencies: ["LockCheck", .product(name: "Yams", package: "Yams")],
      swiftSettings: [.unsafeFlags(["-O"])]
    ),
    // The command-line tool; the only place that touches files and the terminal.
    .executableTarget(
      name: "lockspec",
      dependencies: [
        "LockCheck", "LockSpec",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "LockCheckTests", dependencies: ["LockCheck"]),
    .testTarget(name: "LockSpecTests", dependencies: ["LockSpec", "LockCheck"]),
    .testTarget(
      name: "lockspecTests",
      dependencies: ["lockspec"],
      resources: []
    ),
  ]
)
