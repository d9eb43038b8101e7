using System.Text.Json.Serialization;

namespace Billing.Client.Channels;

/// <summary>Source-generated serializer metadata for channel record files.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(PayerChannelRecord))]
internal sealed partial class PayerChannelJson : JsonSerializerContext;
