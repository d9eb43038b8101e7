using System.Text;

namespace Billing.IntegrationTests.Reconciliation;

/// <summary>A strict RFC 4180 reader written for the tests: CRLF records, quoted fields with doubled quotes.</summary>
public static class Rfc4180
{
    public static IReadOnlyList<IReadOnlyList<string>> Parse(string text)
    {
        var records = new List<IReadOnlyList<string>>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && field.Length == 0)
            {
                i++;
                while (true)
                {
                    Assert.True(i < text.Length, "unterminated quoted field");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }

                Assert.True(i == text.Length || text[i] == ',' || text[i] == '\r', $"text after a closing quote at {i}");
                continue;
            }

            switch (text[i])
            {
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    i++;
                    break;
                case '\r':
                    Assert.True(i + 1 < text.Length && text[i + 1] == '\n', "a record must end with CRLF");
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add([.. fields]);
                    fields.Clear();
                    i += 2;
                    break;
                default:
                    Assert.NotEqual('\n', text[i]);
                    Assert.NotEqual('"', text[i]);
                    field.Append(text[i++]);
                    break;
            }
        }

        Assert.True(fields.Count == 0 && field.Length == 0, "the last record must end with CRLF");
        return records;
    }
}
