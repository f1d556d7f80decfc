/** The built pages' directory, or undefined when the pages have not been built. */
export declare const webRoot: string | undefined;
