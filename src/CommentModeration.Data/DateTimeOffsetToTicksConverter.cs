using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CommentModeration.Data;

/// <summary>Stores a DateTimeOffset as UTC ticks (an INTEGER): sortable and comparable in SQLite.</summary>
public sealed class DateTimeOffsetToTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => FromUtcTicks(v))
{
    /// <summary>A stored value read back, for SQL read outside EF.</summary>
    public static DateTimeOffset FromUtcTicks(long ticks) => new(ticks, TimeSpan.Zero);
}
