namespace Billing.LoadGenerator.Reference;

/// <summary>The checkout this program runs from: the folder holding Billing.sln above the working or program folder.</summary>
public static class RepositoryRoot
{
    public static string Locate()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Billing.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Billing.sln not found above the working directory or the program's folder.");
    }
}
