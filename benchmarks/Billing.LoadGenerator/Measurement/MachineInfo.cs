using System.Runtime.InteropServices;
using System.Text.Json.Serialization;
using Billing.Evm;

namespace Billing.LoadGenerator.Measurement;

/// <summary>What the figures were measured on; they mean nothing without it.</summary>
public sealed record MachineInfo(
    [property: JsonPropertyName("os")] string OperatingSystem,
    [property: JsonPropertyName("cpu")] string Cpu,
    [property: JsonPropertyName("cores")] int Cores,
    [property: JsonPropertyName("memory_gib")] double MemoryGib,
    [property: JsonPropertyName("dotnet")] string DotNet,
    [property: JsonPropertyName("secp256k1")] string Secp256k1Implementation,
    [property: JsonPropertyName("server_gc")] bool ServerGc,
    [property: JsonPropertyName("load_average_1m_at_start")] string LoadAverage)
{
    public static MachineInfo Describe() =>
        new(
            RuntimeInformation.OSDescription,
            CpuModel(),
            Environment.ProcessorCount,
            Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
            RuntimeInformation.FrameworkDescription,
            Secp256k1.SelectedImplementation,
            System.Runtime.GCSettings.IsServerGC,
            LoadAverageNow());

    /// <summary>Other work on the machine skews every figure; the load average at start says how much there was.</summary>
    private static string LoadAverageNow()
    {
        const string LoadAverageFile = "/proc/loadavg";
        return File.Exists(LoadAverageFile) ? File.ReadAllText(LoadAverageFile).Split(' ')[0] : "unknown";
    }

    private static string CpuModel()
    {
        const string CpuInfo = "/proc/cpuinfo";
        if (File.Exists(CpuInfo))
        {
            foreach (var line in File.ReadLines(CpuInfo))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
                {
                    return line[(colon + 1)..].Trim();
                }
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
