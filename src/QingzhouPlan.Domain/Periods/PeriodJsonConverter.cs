using System.Text.Json;
using System.Text.Json.Serialization;

namespace QingzhouPlan.Domain.Periods;

/// <summary>Periods travel as their canonical text ("2024-Q1") in events and over HTTP.</summary>
public sealed class PeriodJsonConverter : JsonConverter<Period>
{
    public override Period Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return Period.TryParse(text, out var period, out var error) ? period : throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, Period value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());

    // Periods also key dictionaries (an item's figures by period) in stored state.
    public override Period ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Period.TryParse(reader.GetString(), out var period, out var error) ? period : throw new JsonException(error);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, Period value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value.ToString());
}
