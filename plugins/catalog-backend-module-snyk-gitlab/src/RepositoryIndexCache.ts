import {
  RepositoryIndex,
  RepositoryIndexEntry,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { GitlabSource } from './gitlabSource';

/** The backend plugin's repository index, held in memory for the processor. */
export class RepositoryIndexCache {
  private byPath = new Map<string, RepositoryIndexEntry>();
  private byId = new Map<string, RepositoryIndexEntry>();
  private defaultHost?: string;
  private everLoaded = false;

  get size() {
    return this.byPath.size;
  }

  /** False until a whole index has been loaded once: "not found" means nothing yet. */
  get loaded() {
    return this.everLoaded;
  }

  replace(index: RepositoryIndex) {
    const byPath = new Map<string, RepositoryIndexEntry>();
    const byId = new Map<string, RepositoryIndexEntry>();
    for (const entry of index.repositories) {
      byPath.set(`${entry.host}|${entry.path.toLowerCase()}`, entry);
      byId.set(`${entry.host}|${entry.projectId}`, entry);
    }
    this.byPath = byPath;
    this.byId = byId;
    this.defaultHost = index.defaultHost;
    this.everLoaded = true;
  }

  find(source: GitlabSource): RepositoryIndexEntry | undefined {
    const host = source.host ?? this.defaultHost;
    if (!host) return undefined;
    if (source.projectId !== undefined) {
      const entry = this.byId.get(`${host}|${source.projectId}`);
      if (entry) return entry;
    }
    return source.path
      ? this.byPath.get(`${host}|${source.path.toLowerCase()}`)
      : undefined;
  }
}
