using System.Runtime.Versioning;

// The local chain toolchain (anvil, forge from npm) is the linux-x64 build: these tests run on Linux only.
[assembly: SupportedOSPlatform("linux")]
