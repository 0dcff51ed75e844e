/// The version every lockspec executable prints for `--version` (lockspec, lockspec-bench,
/// lockspec-sim) and SARIF reports name as the tool's version: the one place it is written.
public enum LockspecVersion {
  /// `major.minor.patch`; raised with every release of the package.
  public static let current = "0.9.0"
}
