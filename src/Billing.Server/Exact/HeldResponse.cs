namespace Billing.Server.Exact;

/// <summary>A handler's body, held until the payment is settled.</summary>
internal sealed class HeldResponse(MemoryStream body)
{
    public async Task FlushAsync(HttpContext context)
    {
        await using (body)
        {
            context.Response.ContentLength = body.Length;
            body.Position = 0;
            await body.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }
}
