export declare const DIST_PREBUILT_ENV: string;
export declare const NODE_ENTRIES: readonly string[];
export declare function buildDist(root: string): Promise<void>;
