namespace DtSmdrl.Pipeline.Evaluation.Progress;

/// <summary>
/// An <see cref="IProgress{T}"/> that reports on the caller's thread, in order. The framework's
/// Progress&lt;T&gt; posts to the thread pool, which reorders console lines of long-running work.
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
