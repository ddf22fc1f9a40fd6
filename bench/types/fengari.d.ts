/** The part of fengari's API (Lua 5.3 in JavaScript) the benchmark uses; fengari ships no types. */
declare module 'fengari' {
  /** A Lua state handle. */
  export interface LuaState {
    readonly __brand: 'LuaState';
  }
  /** A Lua string: bytes. */
  export type LuaString = Uint8Array;

  interface Lua {
    readonly LUA_OK: number;
    readonly LUA_REGISTRYINDEX: number;
    lua_close(L: LuaState): void;
    lua_pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
    lua_pop(L: LuaState, n: number): void;
    lua_pushinteger(L: LuaState, n: number): void;
    lua_rawgeti(L: LuaState, index: number, n: number): number;
    lua_tointeger(L: LuaState, index: number): number | false;
    lua_tojsstring(L: LuaState, index: number): string;
  }

  interface Lauxlib {
    luaL_newstate(): LuaState;
    luaL_loadstring(L: LuaState, source: LuaString): number;
    luaL_ref(L: LuaState, t: number): number;
    luaL_unref(L: LuaState, t: number, ref: number): void;
  }

  interface Lualib {
    luaL_openlibs(L: LuaState): void;
  }

  const fengari: {
    readonly lua: Lua;
    readonly lauxlib: Lauxlib;
    readonly lualib: Lualib;
    to_luastring(s: string): LuaString;
  };
  export default fengari;
}
