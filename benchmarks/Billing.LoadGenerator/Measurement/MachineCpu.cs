using System.Globalization;

namespace Billing.LoadGenerator.Measurement;

/// <summary>
/// How busy all the machine's cores were between two samples, from the kernel's counters (<c>/proc/stat</c>, Linux only):
/// every process counts, the reference server's node process and the database's too, which the process's own CPU time
/// does not show.
/// </summary>
public static class MachineCpu
{
    /// <summary>
    /// Jiffies the cores spent busy and in total since boot. Idle and I/O wait are not busy; time the hypervisor stole
    /// counts as busy, as it is time the guest's cores could not give to the run (1-2 % on this machine's runs).
    /// </summary>
    public sealed record Sample(long Busy, long Total);

    public static Sample? Read()
    {
        try
        {
            // The first line sums every core: "cpu user nice system idle iowait irq softirq steal ...".
            using var reader = new StreamReader("/proc/stat");
            var fields = reader.ReadLine()?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is null || fields.Length < 5 || fields[0] != "cpu")
            {
                return null;
            }

            var values = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var idle = values[3] + (values.Length > 4 ? values[4] : 0);
            var total = values.Sum();
            return new Sample(total - idle, total);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The share of all cores' time that was busy between two samples, or null when either is missing.</summary>
    public static double? BusyBetween(Sample? start, Sample? end) =>
        start is null || end is null || end.Total <= start.Total ? null : (end.Busy - start.Busy) / (double)(end.Total - start.Total);
}
