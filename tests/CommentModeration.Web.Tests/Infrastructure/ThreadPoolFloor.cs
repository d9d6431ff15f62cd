using System.Runtime.CompilerServices;

namespace CommentModeration.Web.Tests.Infrastructure;

/// <summary>
/// The suite runs test classes in parallel, each with an app host, and bUnit's synchronous waits
/// block pool threads: on two busy cores the pool grew too slowly and a bUnit wait was never even
/// checked before its timeout ("Check count: 0"). A floor of threads keeps the waits served.
/// </summary>
internal static class ThreadPoolFloor
{
    [ModuleInitializer]
    internal static void Raise()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }
}
