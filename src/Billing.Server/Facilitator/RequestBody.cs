namespace Billing.Server.Facilitator;

/// <summary>Reads a request body into memory up to a limit, so an endless or huge body costs at most the limit.</summary>
internal static class RequestBody
{
    /// <summary>The body's bytes, or null when it is longer than <paramref name="limit"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (body.Length + read > limit)
            {
                return null;
            }

            body.Write(chunk, 0, read);
        }

        return body.ToArray();
    }
}
