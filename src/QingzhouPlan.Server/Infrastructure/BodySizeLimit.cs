using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace QingzhouPlan.Server.Infrastructure;

/// <summary>
/// Refuses request bodies over Api:MaxRequestBodyBytes with 413 problem details — by the declared length,
/// and, for bodies without one, while they are read. Kestrel enforces the same limit at the socket; this
/// keeps the answer uniform behind any server or proxy. A route that takes files (a filled-in form) names
/// its own limit in its metadata (<see cref="IRequestSizeLimitMetadata"/>); the socket's limit follows it.
/// </summary>
public sealed class BodySizeLimit(RequestDelegate next, IConfiguration configuration)
{
    private readonly long _limit = configuration.GetValue("Api:MaxRequestBodyBytes", 64 * 1024);

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = _limit;
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize is { } routeLimit)
        {
            limit = routeLimit;
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } socket)
                socket.MaxRequestBodySize = limit;
        }
        if (context.Request.ContentLength > limit)
        {
            await Problems.Field(StatusCodes.Status413PayloadTooLarge, "body", $"at most {limit} bytes").ExecuteAsync(context);
            return;
        }
        context.Request.Body = new LimitedStream(context.Request.Body, limit);
        await next(context);
    }

    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
                throw new BadHttpRequestException($"at most {limit} bytes", StatusCodes.Status413PayloadTooLarge);
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>A route's own request body limit, in place of Api:MaxRequestBodyBytes.</summary>
public sealed record RouteBodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
