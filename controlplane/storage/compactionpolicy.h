#pragma once

#include <QtGlobal>

namespace flotilla::storage {

// Which revisions compaction keeps. Watchers and paged lists can resume from any kept
// revision; older ones get "expired" and must re-list, as with etcd behind Kubernetes.
//
// Everything younger than `keepAgeMs` is kept, but never fewer than `minRevisions`
// (so a quiet cluster keeps some history) and never more than `maxRevisions` (so a
// write burst cannot grow the in-memory event window without bound).
struct CompactionPolicy
{
    qint64 keepAgeMs = 5 * 60 * 1000;
    qint64 minRevisions = 1'000;
    qint64 maxRevisions = 100'000;
    int intervalMs = 60 * 1000; // how often the store applies the policy; 0: never

    // The revision to compact to, given the current revision and the newest revision
    // written before the age cut-off. Returns `compactRevision` when nothing is due.
    qint64 target(qint64 currentRevision, qint64 compactRevision, qint64 newestOlderThanAge) const
    {
        qint64 target = qMin(newestOlderThanAge, currentRevision - minRevisions);
        target = qMax(target, currentRevision - maxRevisions);
        return qMax(target, compactRevision);
    }
};

} // namespace flotilla::storage
