// One Chromium and one app per collection on a 2-core machine: run collections one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
