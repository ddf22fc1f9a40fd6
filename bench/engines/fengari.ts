/** Lua 5.3 interpreted by fengari (a Lua VM written in JavaScript), in one Lua state. */
import fengari from 'fengari';
import type { LuaState } from 'fengari';
import { BenchFailure } from '../failure.js';
import type { Engine } from './types.js';

const { lua, lauxlib, lualib, to_luastring } = fengari;

function check(L: LuaState, status: number, what: string): void {
  if (status === lua.LUA_OK) return;
  const message = lua.lua_tojsstring(L, -1);
  lua.lua_pop(L, 1);
  throw new BenchFailure(`fengari: ${what}: ${message}`);
}

/** Creates a Lua state with the standard libraries; programs are loaded into it as functions. */
export function createFengariEngine(): Engine {
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  return {
    name: 'fengari',
    prepare(program, n) {
      check(L, lauxlib.luaL_loadstring(L, to_luastring(program.lua)), `loading ${program.name}`);
      check(L, lua.lua_pcall(L, 0, 1, 0), `running the chunk of ${program.name}`);
      // Keep the program's function in the registry; each run fetches and calls it.
      const ref = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
      return {
        run() {
          lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref);
          lua.lua_pushinteger(L, n);
          check(L, lua.lua_pcall(L, 1, 1, 0), `${program.name}(${n})`);
          const result = lua.lua_tointeger(L, -1);
          lua.lua_pop(L, 1);
          if (result === false) throw new BenchFailure(`fengari: ${program.name}(${n}) did not return an integer`);
          return result;
        },
      };
    },
    dispose: () => lua.lua_close(L),
  };
}
